using LiverScreen.Cli.Commands;
using LiverScreen.Phantoms;

namespace LiverScreen.Cli.Tests;

public sealed class CohortSpecTests
{
    [Fact]
    public void Parses_cohorts_with_held_out_default_seeds_and_explicit_ones()
    {
        var specs = CohortSpec.ParseList("diagnosis:200, screening:500,mixed:3@4242");
        Assert.Equal(
            [new CohortSpec(PhantomPreset.Diagnosis, 200, 7100), new CohortSpec(PhantomPreset.Screening, 500, 7200), new CohortSpec(PhantomPreset.Mixed, 3, 4242)],
            specs);
    }

    [Theory]
    [InlineData("diagnosis:5@1000", "used by the training export")]
    [InlineData("screening:5@9000", "used by the training export")]
    [InlineData("diagnosis", "is not PRESET:STUDIES")]
    [InlineData("diagnosis:0", "is not PRESET:STUDIES")]
    [InlineData("ct:5", "is not PRESET:STUDIES")]
    [InlineData("diagnosis:5@x", "seed 'x' is not an integer")]
    [InlineData("diagnosis:5,diagnosis:7", "same preset and seed twice")]
    public void Rejects_bad_items_and_training_seeds_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => CohortSpec.ParseList(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_parse_and_name_separate_work_folders()
    {
        Assert.Null(CohortSpec.ParseShape(null));
        var shape = CohortSpec.ParseShape("256x48x2.5");
        Assert.Equal(new AcquisitionOverride(256, 48, 2.5, AllPhases: false), shape);
        var spec = new CohortSpec(PhantomPreset.Diagnosis, 10, 7100);
        Assert.Equal("diagnosis-seed7100-256x48x2.5", spec.FolderName(shape));
        Assert.Equal("diagnosis-seed7100-natural", spec.FolderName(null));
        Assert.Throws<FormatException>(() => CohortSpec.ParseShape("256x48"));
        Assert.Throws<FormatException>(() => CohortSpec.ParseShape("32x48x5"));
    }
}
