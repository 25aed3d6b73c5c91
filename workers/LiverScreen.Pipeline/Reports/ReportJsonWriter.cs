using System.Text.Json;
using LiverScreen.Pipeline.Stages;

namespace LiverScreen.Pipeline.Reports;

/// <summary>report.json: the whole <see cref="PopulationReport"/>, camelCase, enums as strings.</summary>
public static class ReportJsonWriter
{
    public static string Write(PopulationReport report) => JsonSerializer.Serialize(report, PipelineJson.Indented);

    public static PopulationReport Read(string json) =>
        JsonSerializer.Deserialize<PopulationReport>(json, PipelineJson.Options) ?? throw new InvalidDataException("Empty population report JSON.");
}
