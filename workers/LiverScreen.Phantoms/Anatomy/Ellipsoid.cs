using System.Runtime.CompilerServices;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>
/// An ellipsoid deformed by a bend (quadratic in local z), a taper (linear in local z) and a sinusoidal wobble, so that
/// organs of the same kind differ per patient in more than size. <see cref="F"/> is the normalised squared radius:
/// below 1 inside, 1 on the surface; its square root is used as a radial coordinate (0 centre, 1 edge).
/// </summary>
internal readonly struct Ellipsoid
{
    private readonly Vec3 _center;
    private readonly Mat3 _toLocal;
    private readonly Vec3 _invAxes;
    private readonly double _bendX;
    private readonly double _bendY;
    private readonly double _taper;
    private readonly double _wobble;
    private readonly Vec3 _wobbleK;
    private readonly double _wobblePhase;

    public Ellipsoid(Vec3 center, Vec3 semiAxesMm, Mat3 rotation, double bendX = 0, double bendY = 0, double taper = 0,
        double wobble = 0, Vec3 wobbleK = default, double wobblePhase = 0)
    {
        _center = center;
        _toLocal = rotation.Transpose();
        _invAxes = new Vec3(1 / semiAxesMm.X, 1 / semiAxesMm.Y, 1 / semiAxesMm.Z);
        _bendX = bendX;
        _bendY = bendY;
        _taper = taper;
        _wobble = wobble;
        _wobbleK = wobbleK;
        _wobblePhase = wobblePhase;
        // Tight box: half-extent of the rotated ellipsoid along each axis, grown for taper, bend and wobble.
        var grow = (1 + Math.Abs(taper)) * (1 + wobble);
        var bend = Math.Abs(bendX) * semiAxesMm.X + Math.Abs(bendY) * semiAxesMm.Y;
        var half = new Vec3(
            Math.Sqrt(Sq(rotation.M00 * semiAxesMm.X) + Sq(rotation.M01 * semiAxesMm.Y) + Sq(rotation.M02 * semiAxesMm.Z)),
            Math.Sqrt(Sq(rotation.M10 * semiAxesMm.X) + Sq(rotation.M11 * semiAxesMm.Y) + Sq(rotation.M12 * semiAxesMm.Z)),
            Math.Sqrt(Sq(rotation.M20 * semiAxesMm.X) + Sq(rotation.M21 * semiAxesMm.Y) + Sq(rotation.M22 * semiAxesMm.Z))) * grow
            + new Vec3(bend + 1, bend + 1, bend + 1);
        Min = center - half;
        Max = center + half;
        Center = center;
        SemiAxes = semiAxesMm;
    }

    public Vec3 Center { get; }

    public Vec3 SemiAxes { get; }

    public Vec3 Min { get; }

    public Vec3 Max { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InBox(in Vec3 p) =>
        p.X >= Min.X && p.X <= Max.X && p.Y >= Min.Y && p.Y <= Max.Y && p.Z >= Min.Z && p.Z <= Max.Z;

    /// <summary>Normalised squared radius at <paramref name="p"/> (LPS mm): below 1 inside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double F(in Vec3 p)
    {
        var q = _toLocal * (p - _center);
        var u = q.X * _invAxes.X;
        var v = q.Y * _invAxes.Y;
        var w = q.Z * _invAxes.Z;
        u -= _bendX * w * w;
        v -= _bendY * w * w;
        var s = 1 + _taper * w;
        s = s < 0.2 ? 0.2 : s;
        u /= s;
        v /= s;
        var f = u * u + v * v + w * w;
        if (_wobble != 0)
        {
            f *= 1 + _wobble * FastSin(_wobbleK.X * q.X + _wobbleK.Y * q.Y + _wobbleK.Z * q.Z + _wobblePhase);
        }

        return f;
    }

    private static double Sq(double v) => v * v;

    /// <summary>A smooth sine-like wave (parabolic pieces, max error ~0.06): a shape wobble needs the shape of a wave,
    /// not Math.Sin's accuracy, and this is evaluated for most voxels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FastSin(double x)
    {
        const double inv2Pi = 1 / (2 * Math.PI);
        var t = x * inv2Pi;
        t -= Math.Floor(t);                 // 0..1 over one period
        return t < 0.5 ? 16 * t * (0.5 - t) : -16 * (t - 0.5) * (1 - t);
    }

    /// <summary>Local coordinates scaled by the semi-axes (each in about -1..1 inside).</summary>
    public Vec3 Local(in Vec3 p)
    {
        var q = _toLocal * (p - _center);
        return new Vec3(q.X * _invAxes.X, q.Y * _invAxes.Y, q.Z * _invAxes.Z);
    }

    /// <summary>Rotation about z then x (radians): enough freedom to tilt an organ's long axis.</summary>
    public static Mat3 Rotation(double aboutZ, double aboutX = 0, double aboutY = 0)
    {
        var (cz, sz) = (Math.Cos(aboutZ), Math.Sin(aboutZ));
        var (cx, sx) = (Math.Cos(aboutX), Math.Sin(aboutX));
        var (cy, sy) = (Math.Cos(aboutY), Math.Sin(aboutY));
        var rz = new Mat3(cz, -sz, 0, sz, cz, 0, 0, 0, 1);
        var rx = new Mat3(1, 0, 0, 0, cx, -sx, 0, sx, cx);
        var ry = new Mat3(cy, 0, sy, 0, 1, 0, -sy, 0, cy);
        return rz * rx * ry;
    }
}
