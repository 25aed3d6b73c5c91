using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiverScreen.Cli.Output;

/// <summary>One JSON style for every `--json` output: camelCase, indented, enums as strings. Documented output stays stable.</summary>
public static class CliJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Print<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
