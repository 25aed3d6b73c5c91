using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiverScreen.Contracts.Results;

/// <summary>
/// The one JSON form of <see cref="StudyResult"/>: camelCase, indented, nulls omitted; triage, status and setting in
/// kebab-case ("suspected-malignant", "completed", "screening"), phases and lesion types by name ("VP", "HCC").
/// </summary>
public static class StudyResultJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Files, not HTML: keep "base+recls" and accented names readable instead of \u002B escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters =
        {
            new JsonStringEnumConverter<TriageCategory>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
            new JsonStringEnumConverter<StudyStatus>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
            new JsonStringEnumConverter<StudySetting>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false),
            new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false),
        },
    };

    public static string Serialize(StudyResult result) => JsonSerializer.Serialize(result, Options);

    /// <summary>Parses a result document; throws <see cref="JsonException"/> with the path of the bad field.</summary>
    public static StudyResult Deserialize(string json) =>
        JsonSerializer.Deserialize<StudyResult>(json, Options) ?? throw new JsonException("The document is empty (null).");
}
