using System.Text.Json;
using LiverScreen.Contracts.Results;

namespace LiverScreen.Detection.Tests;

/// <summary>Keeps docs/schemas/study-result.schema.json and the records in step: every property the serializer writes is
/// declared in the schema (which forbids unknown properties), and every required property is written.</summary>
public class StudyResultSchemaTests
{
    private static JsonElement Schema()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LiverScreen.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "docs", "schemas", "study-result.schema.json"))).RootElement;
    }

    private static void Check(JsonElement value, JsonElement schema, JsonElement root, string path)
    {
        if (schema.TryGetProperty("$ref", out var r))
        {
            schema = root.GetProperty("$defs").GetProperty(r.GetString()!["#/$defs/".Length..]);
        }

        if (schema.TryGetProperty("enum", out var e))
        {
            Assert.True(e.EnumerateArray().Any(x => x.ToString() == value.ToString()), $"{path}: '{value}' is not one of {e}");
        }

        if (value.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var props))
        {
            foreach (var req in schema.TryGetProperty("required", out var rq) ? rq.EnumerateArray().Select(x => x.GetString()!) : [])
            {
                Assert.True(value.TryGetProperty(req, out _), $"{path}: required '{req}' missing");
            }

            foreach (var p in value.EnumerateObject())
            {
                Assert.True(props.TryGetProperty(p.Name, out var sub), $"{path}: '{p.Name}' is not in the schema");
                Check(p.Value, sub, root, path + "." + p.Name);
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, root, $"{path}[{i++}]");
            }
        }
    }

    [Fact]
    public void Completed_sample_conforms_to_the_schema()
    {
        var root = Schema();
        Check(JsonDocument.Parse(StudyResultJson.Serialize(StudyResultJsonTests.Sample())).RootElement, root, root, "$");
    }

    [Fact]
    public void Failed_result_conforms_to_the_schema()
    {
        var root = Schema();
        var failed = StudyResultBuilder.Failed("2.25.9", "P", "unreadable-dicom", "Study 2.25.9: file a.dcm: truncated.", "a.dcm", DateTimeOffset.UnixEpoch);
        Check(JsonDocument.Parse(StudyResultJson.Serialize(failed)).RootElement, root, root, "$");
    }

    [Fact]
    public void A_built_result_from_a_detection_conforms_to_the_schema()
    {
        var root = Schema();
        var d = StudyScenes.Run(strong: true, weak: true);
        var triage = Patient.TriageRules.Decide(d, StudyScenes.NcOnly);
        var identity = new StudyIdentity("2.25.5", "P5", StudySetting.Screening, [new PhaseResult(Contracts.Phase.NC, "2.25.5.1", 0.99)], "2.25.5.1");
        var result = StudyResultBuilder.Completed(identity, d, triage, [new Contracts.ModelRef("seg", "1", "00")], new Dictionary<string, double> { ["segment"] = 1 }, DateTimeOffset.UnixEpoch);
        Assert.Equal(3, result.OperatingPoints.Count);
        Assert.NotEmpty(result.Lesions);
        Check(JsonDocument.Parse(StudyResultJson.Serialize(result)).RootElement, root, root, "$");
    }
}
