using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;
using Xunit.Abstractions;

namespace LiverScreen.Alignment.Tests;

public sealed class ImageRegistrationTests(ITestOutputHelper output)
{
    // A smaller grid than the benchmark's (3 x 3 x 5 mm) keeps the suite fast; the registration itself is the same.
    private static readonly VolumeGeometry Grid =
        VolumeGeometry.Axial(new Size3(128, 128, 48), new Vec3(3, 3, 5), new Vec3(-190.5, -190.5, -117.5));

    private static readonly RegistrationOptions AffineOnly = new() { Deformable = false };

    [Fact]
    public void When_moving_is_a_known_rigid_motion_of_the_same_phase_Should_recover_it()
    {
        var motion = new SyntheticMotion(
            AffineTransform.Rigid(0.03, -0.02, 0.05, new Vec3(6, -4, 15), SyntheticAbdomen.LiverCenter), []);
        var pair = SyntheticPair.Create("rigid", Phase.VP, Phase.VP, motion, 11, Grid);

        var result = ImageRegistration.Register(pair.Reference, pair.Moving, AffineOnly);

        var tre = SyntheticPair.TargetRegistrationErrors(result.Transform, motion, pair.Landmarks);
        output.WriteLine($"rigid: mean TRE {tre.Average():0.00} mm, max {tre.Max():0.00}, {result.Elapsed.TotalSeconds:0.00} s, {result.Quality}");
        Assert.True(result.Passed, result.FailureReason);
        Assert.True(tre.Average() < 1.5, $"mean TRE {tre.Average():0.00} mm");
        Assert.True(tre.Max() < 3.0, $"max TRE {tre.Max():0.00} mm");
    }

    [Fact]
    public void When_moving_is_a_known_affine_motion_Should_recover_it()
    {
        // 4% scaling in x, 3% shear: an affine the rigid stage alone cannot explain.
        var a = new AffineTransform(new Mat3(1.04, 0.03, 0, 0, 0.97, 0, 0, 0.02, 1.0), new Vec3(-5, 3, -10), SyntheticAbdomen.LiverCenter);
        var motion = new SyntheticMotion(a, []);
        var pair = SyntheticPair.Create("affine", Phase.VP, Phase.VP, motion, 12, Grid);

        var result = ImageRegistration.Register(pair.Reference, pair.Moving, AffineOnly);

        var tre = SyntheticPair.TargetRegistrationErrors(result.Transform, motion, pair.Landmarks);
        output.WriteLine($"affine: mean TRE {tre.Average():0.00} mm, max {tre.Max():0.00}, {result.Elapsed.TotalSeconds:0.00} s, {result.Quality}");
        Assert.True(result.Passed, result.FailureReason);
        Assert.True(tre.Average() < 1.5, $"mean TRE {tre.Average():0.00} mm");
    }

    [Fact]
    public void When_phases_differ_in_contrast_NC_to_AP_Should_register_with_mutual_information()
    {
        var motion = SyntheticPair.RandomMotion(5, 20, 3, 0);
        var pair = SyntheticPair.Create("nc-ap", Phase.AP, Phase.NC, motion, 13, Grid);

        var result = ImageRegistration.Register(pair.Reference, pair.Moving, AffineOnly);

        var before = SyntheticPair.TargetRegistrationErrors(AffineTransform.Identity, motion, pair.Landmarks);
        var tre = SyntheticPair.TargetRegistrationErrors(result.Transform, motion, pair.Landmarks);
        output.WriteLine($"NC->AP: TRE before {before.Average():0.00} mm, after {tre.Average():0.00} mm, {result.Elapsed.TotalSeconds:0.00} s, {result.Quality}");
        Assert.True(result.Passed, result.FailureReason);
        Assert.True(tre.Average() < 2.0, $"mean TRE {tre.Average():0.00} mm");
        Assert.True(result.Quality.NmiAfter > result.Quality.NmiBefore);
    }

    [Fact]
    public void When_breathing_deforms_the_liver_Should_refine_with_the_bspline_stage()
    {
        var motion = SyntheticPair.RandomMotion(9, 15, 2, 8);
        var pair = SyntheticPair.Create("deformable", Phase.VP, Phase.AP, motion, 14, Grid);

        var affine = ImageRegistration.Register(pair.Reference, pair.Moving, AffineOnly);
        var deformable = ImageRegistration.Register(pair.Reference, pair.Moving, new RegistrationOptions());

        var treAffine = SyntheticPair.TargetRegistrationErrors(affine.Transform, motion, pair.Landmarks);
        var tre = SyntheticPair.TargetRegistrationErrors(deformable.Transform, motion, pair.Landmarks);
        output.WriteLine($"deformable: affine TRE {treAffine.Average():0.00} mm, deformable {tre.Average():0.00} mm, {deformable.Elapsed.TotalSeconds:0.00} s, {deformable.Quality}");
        Assert.True(deformable.Passed, deformable.FailureReason);
        Assert.True(tre.Average() <= treAffine.Average() + 0.1);
        Assert.InRange(deformable.Quality.JacobianMin, 0.5, 1.0);
    }

    [Fact]
    public void When_the_moving_image_is_unrelated_noise_Should_flag_the_registration_as_failed()
    {
        var pair = SyntheticPair.Create("noise", Phase.VP, Phase.NC, SyntheticPair.RandomMotion(3, 10, 2, 0), 15, Grid);
        var rng = new Random(99);
        var noise = new Volume<short>(Grid);
        for (var i = 0; i < noise.Data.Length; i++)
        {
            noise.Data[i] = (short)rng.Next(-200, 300);
        }

        var result = ImageRegistration.Register(pair.Reference, noise, AffineOnly);

        output.WriteLine($"noise: passed={result.Passed} reason={result.FailureReason} {result.Quality}");
        Assert.False(result.Passed);
        Assert.NotNull(result.FailureReason);
    }
}
