using System.Runtime.CompilerServices;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Registration;

/// <summary>One pyramid level of one image: intensities already clipped to the registration window (HU), plus the
/// precomputed LPS-to-index map, so sampling at a physical point is a matrix-vector product and a trilinear lookup.</summary>
public sealed class LevelImage
{
    private readonly Mat3 _toIndex;
    private readonly Mat3 _gradToWorld;

    public LevelImage(Volume<float> volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        Volume = volume;
        var g = volume.Geometry;
        var inv = g.Direction.Inverse();
        var s = new Mat3(1 / g.Spacing.X, 0, 0, 0, 1 / g.Spacing.Y, 0, 0, 0, 1 / g.Spacing.Z);
        _toIndex = s * inv;
        // u = W (y - o)  =>  dI/dy = W^T dI/du.
        _gradToWorld = _toIndex.Transpose();
    }

    public Volume<float> Volume { get; }

    public VolumeGeometry Geometry => Volume.Geometry;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 ToIndex(Vec3 lps) => _toIndex * (lps - Volume.Geometry.Origin);

    /// <summary>Trilinear value at a physical point; false when the point lies outside the grid's voxel centres.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TrySample(Vec3 lps, out float value)
    {
        var u = ToIndex(lps);
        return TrySampleIndex(u.X, u.Y, u.Z, out value, out _, false);
    }

    /// <summary>Trilinear value and its gradient (per mm, LPS) at a physical point.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TrySampleWithGradient(Vec3 lps, out float value, out Vec3 gradient)
    {
        var u = ToIndex(lps);
        if (!TrySampleIndex(u.X, u.Y, u.Z, out value, out var gi, true))
        {
            gradient = Vec3.Zero;
            return false;
        }

        gradient = _gradToWorld * gi;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TrySampleIndex(double x, double y, double z, out float value, out Vec3 grad, bool wantGradient)
    {
        var s = Volume.Size;
        if (!(x >= 0 && y >= 0 && z >= 0 && x <= s.X - 1 && y <= s.Y - 1 && z <= s.Z - 1))
        {
            value = 0;
            grad = Vec3.Zero;
            return false;
        }

        var x0 = Math.Min((int)x, Math.Max(s.X - 2, 0));
        var y0 = Math.Min((int)y, Math.Max(s.Y - 2, 0));
        var z0 = Math.Min((int)z, Math.Max(s.Z - 2, 0));
        var dx = s.X > 1 ? 1 : 0;
        var dy = s.Y > 1 ? s.X : 0;
        var dz = s.Z > 1 ? s.SliceVoxels : 0;
        var fx = x - x0;
        var fy = y - y0;
        var fz = z - z0;
        var d = Volume.Data;
        var i = (z0 * s.Y + y0) * s.X + x0;
        double v000 = d[i], v100 = d[i + dx], v010 = d[i + dy], v110 = d[i + dx + dy];
        double v001 = d[i + dz], v101 = d[i + dx + dz], v011 = d[i + dy + dz], v111 = d[i + dx + dy + dz];
        var c00 = v000 + (v100 - v000) * fx;
        var c10 = v010 + (v110 - v010) * fx;
        var c01 = v001 + (v101 - v001) * fx;
        var c11 = v011 + (v111 - v011) * fx;
        var c0 = c00 + (c10 - c00) * fy;
        var c1 = c01 + (c11 - c01) * fy;
        value = (float)(c0 + (c1 - c0) * fz);
        if (!wantGradient)
        {
            grad = Vec3.Zero;
            return true;
        }

        var gz = c1 - c0;
        var gy = (c10 - c00) * (1 - fz) + (c11 - c01) * fz;
        var gx0 = (v100 - v000) * (1 - fy) + (v110 - v010) * fy;
        var gx1 = (v101 - v001) * (1 - fy) + (v111 - v011) * fy;
        var gx = gx0 * (1 - fz) + gx1 * fz;
        grad = new Vec3(gx, gy, gz);
        return true;
    }
}
