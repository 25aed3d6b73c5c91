using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Tests;

public sealed class PhaseAlignerTests
{
    private static readonly VolumeGeometry Grid =
        VolumeGeometry.Axial(new Size3(96, 96, 48), new Vec3(4, 4, 5), new Vec3(-190, -190, -117.5));

    private static readonly AlignmentOptions Fast = new() { Registration = new RegistrationOptions { Deformable = false } };

    private static Volume<short> Phase(Phase phase, int seed) =>
        SyntheticPair.Render(Grid, phase, seed == 0 ? null : SyntheticPair.RandomMotion(seed, 15, 2, 0), seed + 100, 10);

    private static Volume<short> Noise(int seed)
    {
        var rng = new Random(seed);
        var v = new Volume<short>(Grid);
        for (var i = 0; i < v.Data.Length; i++)
        {
            v.Data[i] = (short)rng.Next(-200, 300);
        }

        return v;
    }

    [Fact]
    public void When_NC_AP_VP_are_given_Should_register_onto_VP_and_resample_all_onto_its_grid()
    {
        var phases = new Dictionary<Phase, Volume<short>>
        {
            [Contracts.Phase.NC] = Phase(Contracts.Phase.NC, 21),
            [Contracts.Phase.AP] = Phase(Contracts.Phase.AP, 22),
            [Contracts.Phase.VP] = Phase(Contracts.Phase.VP, 0),
        };

        var result = PhaseAligner.Align(phases, Fast);

        Assert.Equal(Contracts.Phase.VP, result.ReferencePhase);
        Assert.Equal([Contracts.Phase.NC, Contracts.Phase.AP, Contracts.Phase.VP], result.PassedPhases);
        Assert.Equal(3, result.Volumes.Count);
        Assert.All(result.Volumes.Values, v => Assert.Equal(Grid, v.Geometry));
        Assert.All(result.Phases.Where(p => p.Phase != Contracts.Phase.VP), p => Assert.True(p.Quality!.NmiAfter > p.Quality.NmiBefore));
    }

    [Fact]
    public void When_one_contrast_phase_is_garbage_Should_flag_it_and_continue_with_the_rest()
    {
        var phases = new Dictionary<Phase, Volume<short>>
        {
            [Contracts.Phase.NC] = Phase(Contracts.Phase.NC, 23),
            [Contracts.Phase.AP] = Noise(5),
            [Contracts.Phase.VP] = Phase(Contracts.Phase.VP, 0),
        };

        var result = PhaseAligner.Align(phases, Fast);

        Assert.False(result[Contracts.Phase.AP].Passed);
        Assert.Contains("NMI", result[Contracts.Phase.AP].FailureReason, StringComparison.Ordinal);
        Assert.Equal([Contracts.Phase.NC, Contracts.Phase.VP], result.PassedPhases);
        Assert.False(result.Volumes.ContainsKey(Contracts.Phase.AP));
    }

    [Fact]
    public void When_NC_cannot_be_aligned_Should_fall_back_to_NC_only_on_its_own_grid()
    {
        var phases = new Dictionary<Phase, Volume<short>>
        {
            [Contracts.Phase.NC] = Noise(6),
            [Contracts.Phase.VP] = Phase(Contracts.Phase.VP, 0),
        };

        var result = PhaseAligner.Align(phases, Fast);

        Assert.Equal(Contracts.Phase.NC, result.ReferencePhase);
        Assert.Equal([Contracts.Phase.NC], result.PassedPhases);
        Assert.False(result[Contracts.Phase.VP].Passed);
        Assert.Single(result.Volumes);
    }

    [Fact]
    public void When_a_working_spacing_is_asked_for_Should_output_on_that_grid()
    {
        var phases = new Dictionary<Phase, Volume<short>> { [Contracts.Phase.NC] = Phase(Contracts.Phase.NC, 0) };

        var result = PhaseAligner.Align(phases, Fast with { OutputSpacingMm = new Vec3(8, 8, 10) });

        Assert.Equal(new Vec3(8, 8, 10), result.Grid.Spacing);
        Assert.Equal(new Size3(48, 48, 24), result.Volumes[Contracts.Phase.NC].Size);
    }

    [Theory]
    [InlineData(new[] { Contracts.Phase.NC, Contracts.Phase.AP, Contracts.Phase.VP, Contracts.Phase.DP }, Contracts.Phase.VP)]
    [InlineData(new[] { Contracts.Phase.NC, Contracts.Phase.AP, Contracts.Phase.DP }, Contracts.Phase.NC)]
    [InlineData(new[] { Contracts.Phase.NC }, Contracts.Phase.NC)]
    [InlineData(new[] { Contracts.Phase.AP, Contracts.Phase.DP }, Contracts.Phase.DP)]
    public void Reference_phase_is_VP_when_present_else_NC(Phase[] available, Phase expected) =>
        Assert.Equal(expected, ReferencePhaseRule.Choose(available));

    [Fact]
    public void Reference_phase_rule_rejects_a_study_with_only_unknown_phases() =>
        Assert.Throws<ArgumentException>(() => ReferencePhaseRule.Choose([Contracts.Phase.Unknown]));
}
