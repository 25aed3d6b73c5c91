using System.Runtime.CompilerServices;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>A tapered capsule (a vessel or bowel segment) from A (radius RA, mm) to B (radius RB).</summary>
internal readonly struct Capsule
{
    private readonly Vec3 _ab;
    private readonly double _invLen2;

    public Capsule(Vec3 a, Vec3 b, double ra, double rb, byte tissue, byte content = 0, double wall = 0)
    {
        A = a;
        B = b;
        RA = ra;
        RB = rb;
        Tissue = tissue;
        Content = content;
        Wall = wall;
        _ab = b - a;
        var len2 = _ab.Dot(_ab);
        _invLen2 = len2 > 1e-9 ? 1 / len2 : 0;
        var r = Math.Max(ra, rb) + 1;
        Min = new Vec3(Math.Min(a.X, b.X) - r, Math.Min(a.Y, b.Y) - r, Math.Min(a.Z, b.Z) - r);
        Max = new Vec3(Math.Max(a.X, b.X) + r, Math.Max(a.Y, b.Y) + r, Math.Max(a.Z, b.Z) + r);
    }

    public Vec3 A { get; }

    public Vec3 B { get; }

    public double RA { get; }

    public double RB { get; }

    /// <summary>Tissue of the capsule (its wall when <see cref="Wall"/> &gt; 0).</summary>
    public byte Tissue { get; }

    /// <summary>Tissue inside the wall (bowel content), when <see cref="Wall"/> &gt; 0.</summary>
    public byte Content { get; }

    /// <summary>Wall thickness (mm); 0 for a solid vessel.</summary>
    public double Wall { get; }

    public Vec3 Min { get; }

    public Vec3 Max { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InBox(in Vec3 p) =>
        p.X >= Min.X && p.X <= Max.X && p.Y >= Min.Y && p.Y <= Max.Y && p.Z >= Min.Z && p.Z <= Max.Z;

    /// <summary>Distance from the axis minus the local radius (mm): negative inside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Depth(in Vec3 p)
    {
        var ap = p - A;
        var t = Math.Clamp(ap.Dot(_ab) * _invLen2, 0, 1);
        var d = ap - _ab * t;
        return Math.Sqrt(d.Dot(d)) - (RA + (RB - RA) * t);
    }
}
