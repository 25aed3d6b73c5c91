using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;
using LiverScreen.Phantoms.Motion;

namespace LiverScreen.Phantoms.Tests;

public class MotionTests
{
    [Fact]
    public void Phase_labels_equal_reference_labels_pushed_through_the_truth_motion()
    {
        var study = TestStudies.Diagnosis(41, 1);
        var reference = PhaseRenderer.Acquired(study, study.ReferencePhase).Labels;
        Assert.True(study.PhaseOf(study.ReferencePhase).Motion.IsIdentity);
        foreach (var phase in study.Phases.Where(p => p.Phase != study.ReferencePhase))
        {
            var moving = PhaseRenderer.Acquired(study, phase.Phase).Labels;
            var aligned = Resampler.Nearest(moving, reference.Geometry, phase.Motion, outside: 255);
            var unaligned = Resampler.Nearest(moving, reference.Geometry, null, outside: 255);
            var withMotion = LiverDice(reference, aligned);
            var without = LiverDice(reference, unaligned);
            // Only boundary voxels may differ (nearest-neighbour sampling of 5 mm slices).
            Assert.True(withMotion > 0.93, $"{phase.Phase}: liver Dice through the truth motion {withMotion:0.000}");
            var shift = phase.Motion.Apply(study.Body.LiverCenter) - study.Body.LiverCenter;
            if (shift.Length > 6)
            {
                Assert.True(without < withMotion - 0.03, $"{phase.Phase}: moved {shift.Length:0.0} mm yet unaligned Dice {without:0.000} vs {withMotion:0.000}");
            }
        }
    }

    [Fact]
    public void Motion_json_round_trips_and_the_inverse_undoes_it()
    {
        var motion = new PhaseMotion(new RigidMotion(new Vec3(0.02, -0.01, 0.03), new Vec3(3, -2, 14), new Vec3(-60, 10, -120)),
            [new MotionBump(new Vec3(-50, 0, -110), 45, new Vec3(2, -3, 4)), new MotionBump(new Vec3(-80, 20, -140), 60, new Vec3(-1, 1, 2))]);
        var json = motion.ToJson().ToJsonString();
        var back = PhaseMotion.Parse(json);
        var p = new Vec3(-70, 5, -100);
        Assert.Equal(motion.Apply(p), back.Apply(p));
        var q = motion.Apply(p);
        Assert.True((motion.ApplyInverse(q) - p).Length < 1e-5);
        Assert.Contains("\"rotationRad\"", json, StringComparison.Ordinal);
        Assert.Contains("\"displacementMm\"", json, StringComparison.Ordinal);
        Assert.True((q - p).Length > 10);
    }

    private static double LiverDice(Volume<byte> a, Volume<byte> b)
    {
        long both = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Data.Length; i++)
        {
            if (b.Data[i] == 255)
            {
                continue; // outside the moved slab
            }

            var x = a.Data[i] == SegmentationLabel.Liver;
            var y = b.Data[i] == SegmentationLabel.Liver;
            na += x ? 1 : 0;
            nb += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }

        return 2.0 * both / Math.Max(1, na + nb);
    }
}
