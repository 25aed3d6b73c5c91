using LiverScreen.Alignment.Registration;
using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Tests;

/// <summary>The align stage's fast paths must give what the straightforward code gives: the row-wise B-spline
/// resampler against the generic per-voxel resampler, the row-restricted SIMD smoothing (and the pyramid level built
/// on it) against a plain clip, scalar Gaussian and resample.</summary>
public sealed class AlignFastPathTests
{
    // A thin-pixel grid like the bench cohort's (0.66 mm in plane, 5 mm slices), kept small for test speed.
    private static readonly VolumeGeometry FineGrid =
        new(new Size3(203, 170, 9), new Vec3(0.66, 0.66, 5), new Vec3(-67, -56, -20), Mat3.Identity);

    private static Volume<float> Abdomen(VolumeGeometry grid)
    {
        var hu = SyntheticPair.Render(grid, Phase.VP, null, 5, 10);
        return new Volume<float>(grid, [.. hu.Data.Select(v => (float)v)]);
    }

    private static PhaseTransform Deformable()
    {
        var affine = AffineTransform.Rigid(0.03, -0.02, 0.05, new Vec3(3, -5, 8), new Vec3(-20, 0, 10));
        var field = BSplineDeformation.Covering(new Vec3(-150, -110, -100), new Vec3(150, 110, 100), 50);
        var rng = new Random(11);
        for (var i = 0; i < field.Coefficients.Length; i++)
        {
            field.Coefficients[i] = (rng.NextDouble() * 2 - 1) * 5;
        }

        return new PhaseTransform(affine, field);
    }

    [Fact]
    public void PhaseResampler_matches_the_generic_resampler_through_a_deformable_transform()
    {
        var source = Abdomen(SyntheticPair.DefaultGrid);
        var target = Resampler.WithSpacing(SyntheticPair.DefaultGrid, new Vec3(3, 3, 5));
        var t = Deformable();

        var fast = PhaseResampler.Linear(source, target, t, -1024f);
        var generic = Resampler.Linear(source, target, t, -1024f);

        Assert.Equal(generic.Geometry, fast.Geometry);
        var maxDiff = generic.Data.Zip(fast.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 0.01f, $"fast and generic resampling differ by {maxDiff} HU");
        Assert.Contains(fast.Data, v => v == -1024f); // the deformation pushes some voxels outside: same rule applies
        Assert.True(fast.Data.Count(v => v > 0) > fast.Data.Length / 10, "the abdomen is resampled, not blank");
    }

    [Fact]
    public void PhaseResampler_without_a_deformation_is_the_affine_resampling()
    {
        var source = Abdomen(SyntheticPair.DefaultGrid);
        var t = new PhaseTransform(Deformable().Affine);

        var fast = PhaseResampler.Linear(source, SyntheticPair.DefaultGrid, t, -1024f);

        Assert.Equal(Resampler.Linear(source, SyntheticPair.DefaultGrid, t.Affine, -1024f).Data, fast.Data);
    }

    [Fact]
    public void Smoothing_only_the_needed_rows_gives_the_full_result_on_those_rows_bit_for_bit()
    {
        var image = Abdomen(FineGrid);
        var s = FineGrid.Size;
        var sigma = new Vec3(1.4, 1.1, 2.0); // all three passes run (z: 0.4 voxel)
        var need = new bool[s.Y];
        for (var y = 0; y < s.Y; y += 3)
        {
            need[y] = true;
        }

        var some = GaussianFilter.Smooth(image.Data, s, FineGrid.Spacing, sigma, -250, 350, need);
        var reference = ScalarSmooth(image.Data, s, FineGrid.Spacing, sigma, -250, 350);

        for (var z = 0; z < s.Z; z++)
        {
            for (var y = 0; y < s.Y; y += 3)
            {
                for (var x = 0; x < s.X; x++)
                {
                    var i = (z * s.Y + y) * s.X + x;
                    Assert.Equal(reference[i], some[i]);
                }
            }
        }
    }

    /// <summary>Every source row the trilinear resampler reads is marked, so the smoothing may skip the others: unmarked
    /// rows hold NaN, which any read (even with weight 0) would carry into the result. Axial target: one x per row
    /// decides; a target rotated against the source: every voxel does.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void The_rows_marked_as_read_are_every_row_trilinear_resampling_reads(double rotationRadians)
    {
        var (c, s) = (Math.Cos(rotationRadians), Math.Sin(rotationRadians));
        var target = Resampler.WithSpacing(FineGrid, new Vec3(3, 3, 5)) with { Direction = new Mat3(c, -s, 0, s, c, 0, 0, 0, 1) };
        var need = ImagePyramid.RowsRead(FineGrid, target);
        var size = FineGrid.Size;
        var data = new float[size.X * size.Y * size.Z];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = need[i / size.X % size.Y] ? 1f : float.NaN;
        }

        var resampled = Resampler.Linear(new Volume<float>(FineGrid, data), target, null, 0f);

        Assert.DoesNotContain(resampled.Data, float.IsNaN);
        Assert.Contains(resampled.Data, v => v == 1f);
        Assert.Contains(need, n => !n); // at 3 mm from 0.66 mm most rows are never read
    }

    /// <summary>Axial (rows along x: the rows read are found from one x per row) and rotated in plane (every voxel).</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void A_pyramid_level_equals_clip_then_full_smoothing_then_resampling(double rotationRadians)
    {
        var (c, s) = (Math.Cos(rotationRadians), Math.Sin(rotationRadians));
        var g = FineGrid with { Direction = new Mat3(c, -s, 0, s, c, 0, 0, 0, 1) };
        var image = Abdomen(g);
        var level = ImagePyramid.Level(image, 3, -250, 350);

        var sigma = new Vec3(0.5 * Math.Sqrt(9 - g.Spacing.X * g.Spacing.X), 0.5 * Math.Sqrt(9 - g.Spacing.Y * g.Spacing.Y), 0);
        var smoothed = ScalarSmooth(image.Data, g.Size, g.Spacing, sigma, -250, 350);
        var expected = Resampler.Linear(new Volume<float>(g, smoothed), Resampler.WithSpacing(g, new Vec3(3, 3, 5)), null, -250);

        Assert.Equal(expected.Geometry, level.Volume.Geometry);
        Assert.Equal(expected.Data, level.Volume.Data);
    }

    /// <summary>The textbook separable filter: clip, then per axis a clamped-border convolution summed in kernel
    /// order, every voxel computed.</summary>
    private static float[] ScalarSmooth(float[] data, Size3 size, Vec3 spacing, Vec3 sigmaMm, float lo, float hi)
    {
        var a = data.Select(v => Math.Clamp(v, lo, hi)).ToArray();
        for (var axis = 0; axis < 3; axis++)
        {
            var sigma = sigmaMm[axis] / spacing[axis];
            if (sigma < 0.3)
            {
                continue;
            }

            var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
            var k = new float[2 * radius + 1];
            double sum = 0;
            for (var i = -radius; i <= radius; i++)
            {
                var w = Math.Exp(-0.5 * i * i / (sigma * sigma));
                k[i + radius] = (float)w;
                sum += w;
            }

            for (var i = 0; i < k.Length; i++)
            {
                k[i] = (float)(k[i] / sum);
            }

            var n = axis switch { 0 => size.X, 1 => size.Y, _ => size.Z };
            var b = new float[a.Length];
            for (var z = 0; z < size.Z; z++)
            {
                for (var y = 0; y < size.Y; y++)
                {
                    for (var x = 0; x < size.X; x++)
                    {
                        var at = axis switch { 0 => x, 1 => y, _ => z };
                        float acc = 0;
                        for (var j = -radius; j <= radius; j++)
                        {
                            var c = Math.Clamp(at + j, 0, n - 1);
                            var (xx, yy, zz) = axis switch { 0 => (c, y, z), 1 => (x, c, z), _ => (x, y, c) };
                            acc += k[j + radius] * a[(zz * size.Y + yy) * size.X + xx];
                        }

                        b[(z * size.Y + y) * size.X + x] = acc;
                    }
                }
            }

            a = b;
        }

        return a;
    }
}
