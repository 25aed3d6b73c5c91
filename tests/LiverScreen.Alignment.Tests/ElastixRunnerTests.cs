using LiverScreen.Alignment.Benchmark;
using LiverScreen.Alignment.Elastix;
using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Tests;

/// <summary>Runs the real elastix 5.0.1 (installed by ./test). Skips locally when elastix is missing; under CI=true
/// a missing elastix is a failure, not a pass.</summary>
public sealed class ElastixRunnerTests
{
    [Fact]
    public void Elastix_with_the_committed_parameter_files_recovers_a_rigid_shift_and_maps_landmarks()
    {
        var runner = new ElastixRunner(ElastixRunner.DefaultParameterFiles(deformable: false), threads: 2);
        if (!runner.IsAvailable())
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "elastix must be installed on CI (apt-get install -y elastix)");
            return;
        }

        var grid = VolumeGeometry.Axial(new Size3(96, 96, 48), new Vec3(4, 4, 5), new Vec3(-190, -190, -117.5));
        var motion = SyntheticPair.RandomMotion(12, 12, 2, 0);
        var pair = SyntheticPair.Create("elastix", Phase.VP, Phase.NC, motion, 12, grid);
        var work = Directory.CreateTempSubdirectory("ls-elastix-");
        try
        {
            var (mapped, elapsed) = runner.RegisterAndMap("test", pair.Reference, pair.Moving, AlignmentBenchmark.FixedMask(pair.Reference, -300), pair.Landmarks, work.FullName);

            var tre = pair.Landmarks.Select((p, i) => (mapped[i] - motion.Apply(p)).Length).Average();
            var before = SyntheticPair.TargetRegistrationErrors(Imaging.Resampling.AffineTransform.Identity, motion, pair.Landmarks).Average();
            Assert.True(before > 3, "the pair must start misaligned");
            Assert.True(tre < 2.5, $"elastix TRE {tre:0.00} mm (before {before:0.00} mm)");
            Assert.True(elapsed > TimeSpan.Zero);
        }
        finally
        {
            work.Delete(true);
        }
    }
}
