using System.Text.Json;
using System.Text.Json.Serialization;
using LiverScreen.Contracts;
using LiverScreen.Dicom.Inspection;
using LiverScreen.Dicom.Tests.Support;

namespace LiverScreen.Dicom.Tests;

public sealed class InspectorTests
{
    // The same settings as the CLI's CliJson (web defaults, enums as strings).
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void Four_phase_study_with_swapped_descriptions_reports_image_phases_and_the_disagreements()
    {
        using var dir = new TempDir();
        // Descriptions of AP and VP are swapped (a common site mix-up); times are in protocol order.
        SyntheticSeries.Write(dir.Path, Phase.NC, 6, "1.2.3.4.3001", "PLAIN", null, "100000", seed: 31);
        SyntheticSeries.Write(dir.Path, Phase.AP, 6, "1.2.3.4.3002", "PORTAL", "IOPAMIDOL", "100035", seed: 32);
        SyntheticSeries.Write(dir.Path, Phase.VP, 6, "1.2.3.4.3003", "ARTERIAL", "IOPAMIDOL", "100110", seed: 33);
        SyntheticSeries.Write(dir.Path, Phase.DP, 6, "1.2.3.4.3004", "DELAYED", "IOPAMIDOL", "100400", seed: 34);
        File.WriteAllText(dir.File("readme.txt"), "not dicom");

        var report = new StudyInspector().Inspect([dir.Path]);

        var study = Assert.Single(report.Studies);
        Assert.Equal("PH0001", study.PatientId);
        Assert.Equal("PHANTOM SITE", study.InstitutionName);
        Assert.Equal([Phase.NC, Phase.AP, Phase.VP, Phase.DP], study.Series.Select(s => s.Phase));
        Assert.Equal([false, true, true, false], study.Series.Select(s => s.HeaderPhase != s.ImagePhase));
        Assert.All(study.Series, s => Assert.Equal([96, 96, 6], s.Geometry.Size));
        Assert.Single(report.Problems);

        var json = JsonSerializer.Serialize(report, JsonOptions);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(1, doc.RootElement.GetProperty("schemaVersion").GetInt32());
        var first = doc.RootElement.GetProperty("studies")[0].GetProperty("series")[1];
        Assert.Equal("AP", first.GetProperty("phase").GetString());
        Assert.Equal("VP", first.GetProperty("headerPhase").GetString());
        Assert.Equal(3, first.GetProperty("geometry").GetProperty("spacingMm").GetArrayLength());
        Assert.Equal("Error", doc.RootElement.GetProperty("problems")[0].GetProperty("kind").GetString());
    }
}
