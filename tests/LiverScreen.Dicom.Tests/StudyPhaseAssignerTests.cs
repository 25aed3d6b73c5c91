using LiverScreen.Contracts;
using LiverScreen.Dicom.Phases;

namespace LiverScreen.Dicom.Tests;

public sealed class StudyPhaseAssignerTests
{
    private static SeriesPhaseObservation Series(double? time, double aorta, double liver, string? description = null, string? agent = "IOPAMIDOL") =>
        new(new PhaseHeaderCues(description, agent, null, 4), new ImagePhaseMeasurement(aorta, liver, 10), time);

    [Fact]
    public void An_unenhanced_series_whose_aorta_reads_like_delayed_is_NC_when_it_comes_first_and_enhances_least()
    {
        // Alone, 112 HU reads as DP; in the study it is the first acquisition and its liver is the least enhanced.
        var study = new[]
        {
            Series(36_000, 112, 55, agent: null),
            Series(36_140, 290, 75),
            Series(36_175, 165, 108),
            Series(36_330, 122, 90),
        };
        Assert.Equal(Phase.DP, PhaseIdentifier.Identify(study[0].Cues, study[0].Image).Phase);

        var phases = StudyPhaseAssigner.Assign(study);

        Assert.Equal([Phase.NC, Phase.AP, Phase.VP, Phase.DP], phases.Select(p => p.Phase));
        Assert.True(phases[0].Disagreement);
        Assert.Contains(phases[0].Evidence, e => e.Contains("replaces the series-alone reading DP", StringComparison.Ordinal));
    }

    [Fact]
    public void A_weak_arterial_aorta_is_AP_between_NC_and_VP_and_the_given_order_is_kept()
    {
        // 205 HU alone reads as VP (boundary 215), but VP is the later, brighter-liver acquisition. Input is not sorted.
        var study = new[] { Series(600, 168, 110), Series(500, 205, 72), Series(400, 45, 58, agent: null) };

        var phases = StudyPhaseAssigner.Assign(study);

        Assert.Equal([Phase.VP, Phase.AP, Phase.NC], phases.Select(p => p.Phase));
        Assert.All(phases, p => Assert.InRange(p.Confidence, 0.5, 0.99));
    }

    [Fact]
    public void Reconstructions_of_one_acquisition_share_its_phase()
    {
        var study = new[] { Series(100, 44, 60, agent: null), Series(170, 170, 112), Series(171, 166, 110), Series(330, 121, 93) };

        var phases = StudyPhaseAssigner.Assign(study);

        Assert.Equal([Phase.NC, Phase.VP, Phase.VP, Phase.DP], phases.Select(p => p.Phase));
    }

    [Fact]
    public void Without_acquisition_times_each_series_is_identified_on_its_own()
    {
        var study = new[] { Series(null, 112, 55, agent: null), Series(null, 290, 75) };

        var phases = StudyPhaseAssigner.Assign(study);

        Assert.Equal([Phase.DP, Phase.AP], phases.Select(p => p.Phase));
    }

    [Fact]
    public void A_misleading_description_does_not_outweigh_the_order_and_the_image()
    {
        var study = new[] { Series(0, 50, 60, "ARTERIAL", null), Series(35, 300, 76, "PLAIN"), Series(70, 160, 110, "DELAYED") };

        var phases = StudyPhaseAssigner.Assign(study);

        Assert.Equal([Phase.NC, Phase.AP, Phase.VP], phases.Select(p => p.Phase));
        Assert.All(phases, p => Assert.True(p.Disagreement));
    }
}
