using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiverScreen.Evaluation.Reports;

/// <summary>The JSON form of <see cref="Metrics.EvaluationReport"/>: camelCase, indented, nulls kept (an empty proportion
/// shows as null, not as a missing field).</summary>
public static class EvaluationJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize(Metrics.EvaluationReport report) => JsonSerializer.Serialize(report, Options);
}
