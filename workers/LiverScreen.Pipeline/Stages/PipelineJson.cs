using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiverScreen.Pipeline.Stages;

/// <summary>The one JSON style for what the pipeline stores (stage outputs, faulted messages, reports): camelCase,
/// enums as strings.</summary>
public static class PipelineJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };
}
