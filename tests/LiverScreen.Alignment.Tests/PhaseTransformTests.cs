using LiverScreen.Alignment.Serialization;
using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Tests;

public sealed class PhaseTransformTests
{
    private static PhaseTransform Deformable()
    {
        var affine = AffineTransform.Rigid(0.05, -0.03, 0.08, new Vec3(4, -7, 18), new Vec3(-50, 0, 20));
        var field = BSplineDeformation.Covering(new Vec3(-150, -110, -100), new Vec3(150, 110, 100), 40);
        var rng = new Random(3);
        for (var i = 0; i < field.Coefficients.Length; i++)
        {
            field.Coefficients[i] = (rng.NextDouble() * 2 - 1) * 6; // up to 6 mm per control point, 40 mm apart: no folding
        }

        return new PhaseTransform(affine, field);
    }

    [Fact]
    public void MapToReference_undoes_MapToPhase_for_a_deformable_transform()
    {
        var t = Deformable();
        foreach (var p in SyntheticPair.LiverLandmarks(1, 200))
        {
            var q = t.MapToPhase(p);
            Assert.True((q - p).Length > 1, "the transform must actually move the point");
            Assert.True((t.MapToReference(q) - p).Length < 1e-3, $"round trip of {p} missed");
        }
    }

    [Fact]
    public void Json_round_trip_keeps_the_mapping_exactly()
    {
        var t = Deformable();

        var json = PhaseTransformJson.Serialize(t, Phase.VP, Phase.AP);
        var (back, reference, phase) = PhaseTransformJson.Deserialize(json);

        Assert.Equal(Phase.VP, reference);
        Assert.Equal(Phase.AP, phase);
        Assert.Contains(PhaseTransformJson.Format, json, StringComparison.Ordinal);
        foreach (var p in SyntheticPair.LiverLandmarks(2, 50))
        {
            Assert.Equal(t.Apply(p), back.Apply(p));
        }
    }

    [Fact]
    public void Json_with_a_wrong_format_is_rejected_with_the_reason() =>
        Assert.Contains("format", Assert.Throws<InvalidDataException>(() => PhaseTransformJson.Deserialize("""{"format":"x/9"}""")).Message, StringComparison.Ordinal);

    [Fact]
    public void BSpline_displacement_is_zero_outside_its_support_and_smooth_inside()
    {
        var t = Deformable();
        var d = t.Deformation!;
        Assert.Equal(Vec3.Zero, d.Displacement(new Vec3(1000, 0, 0)));
        var a = d.Displacement(new Vec3(0, 0, 0));
        var b = d.Displacement(new Vec3(0.1, 0, 0));
        Assert.True((a - b).Length < 0.1, "a 0.1 mm step must not jump");
    }

    [Fact]
    public void Synthetic_motion_inverse_undoes_the_motion()
    {
        var m = SyntheticPair.RandomMotion(4, 20, 5, 8);
        foreach (var p in SyntheticPair.LiverLandmarks(3, 100))
        {
            Assert.True((m.Inverse(m.Apply(p)) - p).Length < 1e-3);
        }
    }
}
