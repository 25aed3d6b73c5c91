using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiverScreen.Evaluation.Truth;

/// <summary>Reads truth.json. Enum names are matched case-insensitively ("diagnosis", "HCC", "Normal").</summary>
public static class TruthJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Parses and checks the format tag; the exception names the problem.</summary>
    public static TruthDocument Parse(string json)
    {
        var doc = JsonSerializer.Deserialize<TruthDocument>(json, Options) ?? throw new JsonException("truth.json is empty (null).");
        if (doc.Format != TruthDocument.ExpectedFormat)
        {
            throw new JsonException($"truth.json has format '{doc.Format}', expected '{TruthDocument.ExpectedFormat}'.");
        }

        return doc;
    }
}
