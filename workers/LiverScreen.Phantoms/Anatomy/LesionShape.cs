using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>An irregular lesion: a smooth union of one main and up to two satellite deformed ellipsoids, in reference
/// (body) coordinates. <see cref="F"/> below 1 is inside; sqrt(F) is the radial coordinate used for rim and core
/// patterns.</summary>
internal sealed class LesionShape
{
    private readonly Ellipsoid[] _parts;

    public LesionShape(int id, LesionType type, Ellipsoid[] parts)
    {
        Id = id;
        Type = type;
        _parts = parts;
        var min = parts[0].Min;
        var max = parts[0].Max;
        foreach (var e in parts)
        {
            min = new Vec3(Math.Min(min.X, e.Min.X), Math.Min(min.Y, e.Min.Y), Math.Min(min.Z, e.Min.Z));
            max = new Vec3(Math.Max(max.X, e.Max.X), Math.Max(max.Y, e.Max.Y), Math.Max(max.Z, e.Max.Z));
        }

        Min = min;
        Max = max;
    }

    public int Id { get; }

    public LesionType Type { get; }

    public Vec3 Center => _parts[0].Center;

    public Vec3 Min { get; }

    public Vec3 Max { get; }

    public bool InBox(in Vec3 p) =>
        p.X >= Min.X && p.X <= Max.X && p.Y >= Min.Y && p.Y <= Max.Y && p.Z >= Min.Z && p.Z <= Max.Z;

    public double F(in Vec3 p)
    {
        var f = _parts[0].F(p);
        for (var i = 1; i < _parts.Length; i++)
        {
            f = SmoothMin(f, _parts[i].F(p), 0.35);
        }

        return f;
    }

    /// <summary>Polynomial smooth minimum (k in the units of F): blends the satellites into the main body.</summary>
    public static double SmoothMin(double a, double b, double k)
    {
        var h = Math.Max(k - Math.Abs(a - b), 0) / k;
        return Math.Min(a, b) - h * h * k * 0.25;
    }
}
