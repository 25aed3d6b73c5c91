using System.Runtime.CompilerServices;

namespace LiverScreen.Imaging.Resampling;

/// <summary>
/// Resamples a volume onto another grid, optionally through a spatial transform (pull convention: each target voxel
/// centre is mapped into the source and the source is interpolated there). Trilinear for images, nearest for labels.
/// Affine mappings are evaluated incrementally along rows (one add per voxel); other transforms per voxel.
/// Parallel over target slices; deterministic (each slice is written by exactly one thread).
/// </summary>
public static class Resampler
{
    /// <summary>A grid covering the same physical box as <paramref name="geometry"/> at a new spacing (mm).</summary>
    public static VolumeGeometry WithSpacing(VolumeGeometry geometry, Vec3 spacing)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var ext = geometry.ExtentMm;
        var size = new Size3(
            Math.Max(1, (int)Math.Round(ext.X / spacing.X)),
            Math.Max(1, (int)Math.Round(ext.Y / spacing.Y)),
            Math.Max(1, (int)Math.Round(ext.Z / spacing.Z)));

        // Keep the box's corner fixed: the first voxel centre moves by half the change of voxel size.
        var shift = new Vec3((spacing.X - geometry.Spacing.X) / 2, (spacing.Y - geometry.Spacing.Y) / 2, (spacing.Z - geometry.Spacing.Z) / 2);
        var origin = geometry.Origin + geometry.Direction * shift;
        return geometry with { Size = size, Spacing = spacing, Origin = origin };
    }

    /// <summary>Trilinear resampling of an HU volume; voxels mapping outside the source get <paramref name="outside"/>.</summary>
    public static Volume<float> Linear(Volume<short> source, VolumeGeometry target, ISpatialTransform? transform = null, float outside = -1024f)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Linear(source.ToFloat(), target, transform, outside);
    }

    /// <summary>Trilinear resampling; voxels mapping outside the source get <paramref name="outside"/>.</summary>
    public static Volume<float> Linear(Volume<float> source, VolumeGeometry target, ISpatialTransform? transform = null, float outside = 0f)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var result = new Volume<float>(target);
        Run(source.Geometry, target, transform, (z, row) => SampleRowLinear(source, result, z, row, outside));
        return result;
    }

    /// <summary>Nearest-neighbour resampling for label maps; outside gets <paramref name="outside"/>.</summary>
    public static Volume<byte> Nearest(Volume<byte> source, VolumeGeometry target, ISpatialTransform? transform = null, byte outside = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var result = new Volume<byte>(target);
        Run(source.Geometry, target, transform, (z, row) => SampleRowNearest(source, result, z, row, outside));
        return result;
    }

    /// <summary>Trilinear interpolation at a continuous voxel index, or <paramref name="outside"/> beyond the grid.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float SampleLinear(Volume<float> v, double x, double y, double z, float outside)
    {
        var s = v.Size;
        // Allow the half-voxel border to clamp, so resampling a grid onto itself reproduces it exactly at the edges.
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > s.X - 0.5 || y > s.Y - 0.5 || z > s.Z - 0.5)
        {
            return outside;
        }

        x = Math.Clamp(x, 0, s.X - 1);
        y = Math.Clamp(y, 0, s.Y - 1);
        z = Math.Clamp(z, 0, s.Z - 1);
        var x0 = Math.Min((int)x, s.X - 2 < 0 ? 0 : s.X - 2);
        var y0 = Math.Min((int)y, s.Y - 2 < 0 ? 0 : s.Y - 2);
        var z0 = Math.Min((int)z, s.Z - 2 < 0 ? 0 : s.Z - 2);
        var x1 = Math.Min(x0 + 1, s.X - 1);
        var y1 = Math.Min(y0 + 1, s.Y - 1);
        var z1 = Math.Min(z0 + 1, s.Z - 1);
        var fx = (float)(x - x0);
        var fy = (float)(y - y0);
        var fz = (float)(z - z0);
        var d = v.Data;
        var nx = s.X;
        var plane = s.SliceVoxels;
        int i000 = z0 * plane + y0 * nx + x0, i100 = z0 * plane + y0 * nx + x1;
        int i010 = z0 * plane + y1 * nx + x0, i110 = z0 * plane + y1 * nx + x1;
        int i001 = z1 * plane + y0 * nx + x0, i101 = z1 * plane + y0 * nx + x1;
        int i011 = z1 * plane + y1 * nx + x0, i111 = z1 * plane + y1 * nx + x1;
        var c00 = d[i000] + (d[i100] - d[i000]) * fx;
        var c10 = d[i010] + (d[i110] - d[i010]) * fx;
        var c01 = d[i001] + (d[i101] - d[i001]) * fx;
        var c11 = d[i011] + (d[i111] - d[i011]) * fx;
        var c0 = c00 + (c10 - c00) * fy;
        var c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }

    /// <summary>Maps target voxel (x, y, z) to a continuous source index; <see cref="RowMap"/> gives the start and per-x step.</summary>
    private readonly record struct RowMap(Vec3 Start, Vec3 Step, Func<int, Vec3>? PerVoxel);

    private static void Run(VolumeGeometry source, VolumeGeometry target, ISpatialTransform? transform, Action<int, Func<int, RowMap>> sliceWork)
    {
        var srcInv = source.Direction.Inverse();
        Vec3 ToSourceIndex(Vec3 lps)
        {
            var local = srcInv * (lps - source.Origin);
            return new Vec3(local.X / source.Spacing.X, local.Y / source.Spacing.Y, local.Z / source.Spacing.Z);
        }

        var isAffine = transform is null or AffineTransform;
        Parallel.For(0, target.Size.Z, z =>
        {
            sliceWork(z, y =>
            {
                if (isAffine)
                {
                    // Composition of affine maps is affine: two evaluations give the start and the per-x step exactly.
                    var p0 = target.IndexToLps(0, y, z);
                    var p1 = target.IndexToLps(1, y, z);
                    if (transform is not null)
                    {
                        p0 = transform.Apply(p0);
                        p1 = transform.Apply(p1);
                    }

                    var s0 = ToSourceIndex(p0);
                    return new RowMap(s0, ToSourceIndex(p1) - s0, null);
                }

                return new RowMap(Vec3.Zero, Vec3.Zero, x => ToSourceIndex(transform!.Apply(target.IndexToLps(x, y, z))));
            });
        });
    }

    private static void SampleRowLinear(Volume<float> source, Volume<float> result, int z, Func<int, RowMap> rows, float outside)
    {
        var size = result.Size;
        for (var y = 0; y < size.Y; y++)
        {
            var map = rows(y);
            var row = result.Data.AsSpan(result.Index(0, y, z), size.X);
            for (var x = 0; x < size.X; x++)
            {
                var p = map.PerVoxel is null ? map.Start + map.Step * x : map.PerVoxel(x);
                row[x] = SampleLinear(source, p.X, p.Y, p.Z, outside);
            }
        }
    }

    private static void SampleRowNearest(Volume<byte> source, Volume<byte> result, int z, Func<int, RowMap> rows, byte outside)
    {
        var size = result.Size;
        var s = source.Size;
        for (var y = 0; y < size.Y; y++)
        {
            var map = rows(y);
            var row = result.Data.AsSpan(result.Index(0, y, z), size.X);
            for (var x = 0; x < size.X; x++)
            {
                var p = map.PerVoxel is null ? map.Start + map.Step * x : map.PerVoxel(x);
                var ix = (int)Math.Round(p.X);
                var iy = (int)Math.Round(p.Y);
                var iz = (int)Math.Round(p.Z);
                row[x] = (uint)ix < (uint)s.X && (uint)iy < (uint)s.Y && (uint)iz < (uint)s.Z
                    ? source.Data[(iz * s.Y + iy) * s.X + ix]
                    : outside;
            }
        }
    }
}
