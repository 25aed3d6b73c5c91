using System.Runtime.CompilerServices;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>Smooth random field in -1..1: uniform random values on a lattice (spacing in mm) over a box, trilinearly
/// interpolated; constant-extended outside the box. Used for parenchyma texture, lesion mosaic and body deformation.</summary>
internal sealed class ValueNoise
{
    private readonly float[] _v;
    private readonly Vec3 _origin;
    private readonly double _inv;
    private readonly int _nx;
    private readonly int _ny;
    private readonly int _nz;

    public ValueNoise(Random random, Vec3 min, Vec3 max, double spacingMm)
    {
        _origin = min;
        _inv = 1 / spacingMm;
        _nx = (int)Math.Ceiling((max.X - min.X) * _inv) + 2;
        _ny = (int)Math.Ceiling((max.Y - min.Y) * _inv) + 2;
        _nz = (int)Math.Ceiling((max.Z - min.Z) * _inv) + 2;
        _v = new float[_nx * _ny * _nz];
        for (var i = 0; i < _v.Length; i++)
        {
            _v[i] = (float)(random.NextDouble() * 2 - 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float At(in Vec3 p)
    {
        var x = Math.Clamp((p.X - _origin.X) * _inv, 0, _nx - 1.001);
        var y = Math.Clamp((p.Y - _origin.Y) * _inv, 0, _ny - 1.001);
        var z = Math.Clamp((p.Z - _origin.Z) * _inv, 0, _nz - 1.001);
        int x0 = (int)x, y0 = (int)y, z0 = (int)z;
        float fx = (float)(x - x0), fy = (float)(y - y0), fz = (float)(z - z0);
        // Smoothstep weights hide the lattice's trilinear creases.
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        fz = fz * fz * (3 - 2 * fz);
        var i = (z0 * _ny + y0) * _nx + x0;
        var plane = _nx * _ny;
        var v = _v;
        var c00 = v[i] + (v[i + 1] - v[i]) * fx;
        var c10 = v[i + _nx] + (v[i + _nx + 1] - v[i + _nx]) * fx;
        var c01 = v[i + plane] + (v[i + plane + 1] - v[i + plane]) * fx;
        var c11 = v[i + plane + _nx] + (v[i + plane + _nx + 1] - v[i + plane + _nx]) * fx;
        var c0 = c00 + (c10 - c00) * fy;
        var c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }
}
