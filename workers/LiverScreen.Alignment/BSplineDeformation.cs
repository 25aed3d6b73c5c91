using LiverScreen.Alignment.Registration;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment;

/// <summary>
/// A cubic B-spline free-form displacement field (Rueckert et al. 1999) on a regular, axis-aligned (LPS) control
/// grid: d(p) = sum_ijk beta3(u - i) beta3(v - j) beta3(w - k) c_ijk with (u, v, w) = (p - Origin) / Spacing.
/// Coefficients are mm displacements stored x-fastest, three per control point (dx, dy, dz). Outside the grid's
/// support the displacement is zero, so the field is smooth and compactly supported.
/// </summary>
public sealed class BSplineDeformation
{
    public BSplineDeformation(Vec3 origin, Vec3 spacing, Size3 size, double[] coefficients)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (coefficients.LongLength != 3 * size.VoxelCount)
        {
            throw new ArgumentException($"Expected {3 * size.VoxelCount} coefficients for a {size} control grid, got {coefficients.Length}.", nameof(coefficients));
        }

        Origin = origin;
        Spacing = spacing;
        Size = size;
        Coefficients = coefficients;
    }

    /// <summary>Position (LPS mm) of control point (0,0,0).</summary>
    public Vec3 Origin { get; }

    /// <summary>Control point spacing (mm).</summary>
    public Vec3 Spacing { get; }

    public Size3 Size { get; }

    public double[] Coefficients { get; }

    /// <summary>A zero field covering the box [min, max] (LPS mm) with one extra control point beyond each side,
    /// so the whole box is inside the full support.</summary>
    public static BSplineDeformation Covering(Vec3 min, Vec3 max, double spacingMm)
    {
        var spacing = new Vec3(spacingMm, spacingMm, spacingMm);
        var origin = min - spacing;
        var ext = max - min;
        var size = new Size3(
            (int)Math.Ceiling(ext.X / spacingMm) + 4,
            (int)Math.Ceiling(ext.Y / spacingMm) + 4,
            (int)Math.Ceiling(ext.Z / spacingMm) + 4);
        return new BSplineDeformation(origin, spacing, size, new double[3 * size.VoxelCount]);
    }

    /// <summary>Displacement (mm) at a point.</summary>
    public Vec3 Displacement(Vec3 p)
    {
        Span<double> wx = stackalloc double[4];
        Span<double> wy = stackalloc double[4];
        Span<double> wz = stackalloc double[4];
        if (!Locate(p, out var i0, out var j0, out var k0, wx, wy, wz))
        {
            return Vec3.Zero;
        }

        double dx = 0, dy = 0, dz = 0;
        for (var c = 0; c < 4; c++)
        {
            var k = k0 + c;
            if ((uint)k >= (uint)Size.Z) continue;
            for (var b = 0; b < 4; b++)
            {
                var j = j0 + b;
                if ((uint)j >= (uint)Size.Y) continue;
                var wyz = wy[b] * wz[c];
                for (var a = 0; a < 4; a++)
                {
                    var i = i0 + a;
                    if ((uint)i >= (uint)Size.X) continue;
                    var w = wx[a] * wyz;
                    var idx = 3 * ((k * Size.Y + j) * Size.X + i);
                    dx += w * Coefficients[idx];
                    dy += w * Coefficients[idx + 1];
                    dz += w * Coefficients[idx + 2];
                }
            }
        }

        return new Vec3(dx, dy, dz);
    }

    /// <summary>The first control index (floor - 1) on each axis and the four weights per axis; false when the
    /// point is beyond the support of every control point.</summary>
    internal bool Locate(Vec3 p, out int i0, out int j0, out int k0, Span<double> wx, Span<double> wy, Span<double> wz)
    {
        var u = (p.X - Origin.X) / Spacing.X;
        var v = (p.Y - Origin.Y) / Spacing.Y;
        var w = (p.Z - Origin.Z) / Spacing.Z;
        var fu = Math.Floor(u);
        var fv = Math.Floor(v);
        var fw = Math.Floor(w);
        i0 = (int)fu - 1;
        j0 = (int)fv - 1;
        k0 = (int)fw - 1;
        if (i0 + 3 < 0 || j0 + 3 < 0 || k0 + 3 < 0 || i0 >= Size.X || j0 >= Size.Y || k0 >= Size.Z)
        {
            return false;
        }

        BSplineKernel.Weights(u - fu, wx);
        BSplineKernel.Weights(v - fv, wy);
        BSplineKernel.Weights(w - fw, wz);
        return true;
    }
}
