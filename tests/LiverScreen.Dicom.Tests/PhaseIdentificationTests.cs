using LiverScreen.Contracts;
using LiverScreen.Dicom.Loading;
using LiverScreen.Dicom.Phases;
using LiverScreen.Dicom.Scanning;
using LiverScreen.Dicom.Tests.Support;

namespace LiverScreen.Dicom.Tests;

public sealed class PhaseIdentificationTests
{
    private static PhaseResult IdentifyWritten(Phase truth, string? description, string? agent, int seed)
    {
        using var dir = new TempDir();
        SyntheticSeries.Write(dir.Path, truth, 8, "1.2.3.4.2" + seed.ToString("000", System.Globalization.CultureInfo.InvariantCulture), description, agent, seed: seed);
        var study = new DicomScanner().Scan([dir.Path]).Studies.Single();
        var series = study.Series.Single();
        var volume = new SeriesLoader().Load(series).Volume;
        return PhaseIdentifier.Identify(PhaseIdentifier.CuesFor(series, study), volume);
    }

    [Theory]
    [InlineData(Phase.NC, "ABD PLAIN", null)]
    [InlineData(Phase.AP, "LIVER ARTERIAL", "IOPAMIDOL")]
    [InlineData(Phase.VP, "PORTAL VENOUS 5mm", "IOPAMIDOL")]
    [InlineData(Phase.DP, "DELAYED 3 MIN", "IOPAMIDOL")]
    public void Honest_description_and_image_agree(Phase truth, string description, string? agent)
    {
        var r = IdentifyWritten(truth, description, agent, (int)truth + 1);
        Assert.Equal(truth, r.Phase);
        Assert.Equal(truth, r.ImagePhase);
        Assert.False(r.Disagreement);
        Assert.True(r.Confidence > 0.7, $"confidence {r.Confidence}");
        Assert.Contains(r.Evidence, e => e.Contains("agree", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Phase.VP, "ARTERIAL")]
    [InlineData(Phase.NC, "PORTAL VENOUS")]
    [InlineData(Phase.AP, "DELAYED")]
    [InlineData(Phase.DP, "NON CONTRAST")]
    public void Misleading_description_loses_to_the_image_and_is_reported(Phase truth, string description)
    {
        var r = IdentifyWritten(truth, description, null, (int)truth + 11);
        Assert.Equal(truth, r.Phase);
        Assert.True(r.Disagreement);
        Assert.NotEqual(truth, r.HeaderPhase);
        Assert.Contains(r.Evidence, e => e.Contains("the image wins", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Phase.NC)]
    [InlineData(Phase.AP)]
    [InlineData(Phase.VP)]
    [InlineData(Phase.DP)]
    public void Missing_description_is_identified_from_the_image(Phase truth)
    {
        var r = IdentifyWritten(truth, null, null, (int)truth + 21);
        Assert.Equal(truth, r.Phase);
        Assert.NotNull(r.Image);
        var (aorta, _) = SyntheticSeries.PhaseHu(truth);
        if (truth == Phase.NC)
        {
            // Unenhanced blood looks like muscle and liver: the brightest box is soft tissue, still below the NC boundary.
            Assert.True(r.Image!.AortaHu < PhaseIdentifier.NcDpBoundary, $"aorta {r.Image.AortaHu}");
        }
        else
        {
            Assert.InRange(r.Image!.AortaHu, aorta - 15, aorta + 15);
        }
    }

    [Fact]
    public void Header_only_uses_description_then_acquisition_order()
    {
        var byDescription = PhaseIdentifier.Identify(new PhaseHeaderCues("Abdomen PV phase", "OMNIPAQUE", null, 1), (ImagePhaseMeasurement?)null);
        Assert.Equal(Phase.VP, byDescription.Phase);
        Assert.True(byDescription.Confidence <= 0.6);

        var byOrder = PhaseIdentifier.Identify(new PhaseHeaderCues(null, "OMNIPAQUE", 1, 4), (ImagePhaseMeasurement?)null);
        Assert.Equal(Phase.AP, byOrder.Phase);

        var nothing = PhaseIdentifier.Identify(new PhaseHeaderCues(null, "OMNIPAQUE", null, 1), (ImagePhaseMeasurement?)null);
        Assert.Equal(Phase.Unknown, nothing.Phase);
        Assert.Equal(0, nothing.Confidence);
    }

    [Theory]
    [InlineData("LATE ART", Phase.AP)]
    [InlineData("Portal venous", Phase.VP)]
    [InlineData("EQUIL 180s", Phase.DP)]
    [InlineData("ABD W/O", Phase.NC)]
    [InlineData("SOFT TISSUE 5.0", null)]
    [InlineData("APPENDIX", null)]
    public void Description_patterns(string description, Phase? expected) =>
        Assert.Equal(expected, PhaseIdentifier.DescriptionPhase(description));

    [Fact]
    public void Image_near_the_dp_vp_boundary_defers_to_the_liver()
    {
        var cues = new PhaseHeaderCues(null, null, null, 1);
        Assert.Equal(Phase.VP, PhaseIdentifier.Identify(cues, new ImagePhaseMeasurement(135, 115, 5)).Phase);
        Assert.Equal(Phase.DP, PhaseIdentifier.Identify(cues, new ImagePhaseMeasurement(145, 90, 5)).Phase);
        Assert.Equal(Phase.AP, PhaseIdentifier.Identify(cues, new ImagePhaseMeasurement(300, 80, 5)).Phase);
    }
}
