using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Registration;

/// <summary>Builds the multi-resolution levels: clip to the soft-tissue window (HU), Gaussian smooth with sigma half
/// the new spacing (anti-aliasing), resample to the level spacing (never finer than the native spacing).</summary>
public static class ImagePyramid
{
    /// <summary>All levels, coarse to fine as <paramref name="levelSpacingMm"/> lists them. Built finest first, each
    /// coarser level from the next finer one (smoothing a small image with a small kernel), which is what makes the
    /// pyramid cheap: the full-resolution volume is smoothed once.</summary>
    public static LevelImage[] Build(Volume<float> image, IReadOnlyList<double> levelSpacingMm, float windowMin, float windowMax)
    {
        ArgumentNullException.ThrowIfNull(levelSpacingMm);
        var levels = new LevelImage[levelSpacingMm.Count];
        var source = image;
        for (var l = levels.Length - 1; l >= 0; l--)
        {
            levels[l] = Level(source, levelSpacingMm[l], windowMin, windowMax);
            source = levels[l].Volume;
        }

        return levels;
    }

    public static LevelImage Level(Volume<float> image, double levelSpacingMm, float windowMin, float windowMax)
    {
        ArgumentNullException.ThrowIfNull(image);
        var g = image.Geometry;
        var spacing = new Vec3(
            Math.Max(levelSpacingMm, g.Spacing.X),
            Math.Max(levelSpacingMm, g.Spacing.Y),
            Math.Max(levelSpacingMm, g.Spacing.Z));
        // sigma^2 = (target^2 - native^2) / 4 per axis: a band limit for the new spacing without over-blurring.
        var sigma = new Vec3(
            0.5 * Math.Sqrt(Math.Max(0, spacing.X * spacing.X - g.Spacing.X * g.Spacing.X)),
            0.5 * Math.Sqrt(Math.Max(0, spacing.Y * spacing.Y - g.Spacing.Y * g.Spacing.Y)),
            0.5 * Math.Sqrt(Math.Max(0, spacing.Z * spacing.Z - g.Spacing.Z * g.Spacing.Z)));
        if (spacing == g.Spacing)
        {
            return new LevelImage(new Volume<float>(g, GaussianFilter.Smooth(image.Data, g.Size, g.Spacing, sigma, windowMin, windowMax, null)));
        }

        // Smooth only the rows the trilinear resampling below reads (the same result, less than half the work after
        // the x pass on a 0.7 mm slice).
        var grid = Resampler.WithSpacing(g, spacing);
        var smoothed = GaussianFilter.Smooth(image.Data, g.Size, g.Spacing, sigma, windowMin, windowMax, RowsRead(g, grid));
        return new LevelImage(Resampler.Linear(new Volume<float>(g, smoothed), grid, null, windowMin));
    }

    /// <summary>The source rows (y) that trilinear resampling of <paramref name="source"/> onto
    /// <paramref name="target"/> reads, mirroring <see cref="Resampler.SampleLinear"/>'s choice of corners. A point
    /// within 1e-6 voxel of a grid line also marks the line beyond, so a last-bit difference between this index
    /// arithmetic and the resampler's can never make it read a row that was not computed.</summary>
    internal static bool[] RowsRead(VolumeGeometry source, VolumeGeometry target)
    {
        var need = new bool[source.Size.Y];
        var inv = source.Direction.Inverse();
        // The source y of a target voxel is sum_k inv[1,k] * (origin_k + D[k,0] x sx + D[k,1] y sy + D[k,2] z sz - o_k).
        // When every product inv[1,k] * D[k,0] is zero (axial grids), x only ever adds exact zeros to it: each row then
        // reads the same source rows at every x, and one x per row gives exactly the full loop's marks.
        var d = target.Direction;
        var sameAlongX = (inv.M10 == 0 || d.M00 == 0) && (inv.M11 == 0 || d.M10 == 0) && (inv.M12 == 0 || d.M20 == 0);
        var columns = sameAlongX ? 1 : target.Size.X;
        for (var z = 0; z < target.Size.Z; z++)
        {
            for (var y = 0; y < target.Size.Y; y++)
            {
                for (var x = 0; x < columns; x++)
                {
                    var local = inv * (target.IndexToLps(x, y, z) - source.Origin);
                    Mark(need, local.Y / source.Spacing.Y);
                }
            }
        }

        return need;
    }

    private static void Mark(bool[] need, double u)
    {
        const double Tolerance = 1e-6;
        var n = need.Length;
        if (u < -0.5 - Tolerance || u > n - 0.5 + Tolerance)
        {
            return; // outside: the resampler writes the outside value without reading
        }

        var c = Math.Clamp(u, 0, n - 1);
        var i0 = Math.Min((int)c, Math.Max(n - 2, 0));
        var f = c - i0;
        var from = f < Tolerance ? i0 - 1 : i0;
        var to = f > 1 - Tolerance ? i0 + 2 : i0 + 1;
        for (var i = from; i <= to; i++)
        {
            if ((uint)i < (uint)n)
            {
                need[i] = true;
            }
        }
    }
}
