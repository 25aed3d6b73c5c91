using System.Runtime.CompilerServices;
using LiverScreen.Alignment.Registration;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment;

/// <summary>
/// Trilinear resampling of a phase onto the reference grid through its <see cref="PhaseTransform"/>: the same
/// result as <see cref="Resampler.Linear(Volume{float}, VolumeGeometry, ISpatialTransform?, float)"/> (to float
/// rounding), several times faster for a deformable transform. The generic resampler evaluates the B-spline field
/// per voxel (64 control points, 3 components); along a row of an axial grid only the x coordinate changes, so the
/// y and z weights are constant and the field collapses to a 1-D B-spline over the row's control columns: 4 terms per
/// voxel after one 16-term sum per control column and row. This was the largest single cost of the align stage on a
/// 512 x 512 x 45 study (0.8 s per deformable phase of about 6 s, measured 23 Nov 2026).
/// </summary>
public static class PhaseResampler
{
    public static Volume<float> Linear(Volume<float> source, VolumeGeometry target, PhaseTransform transform, float outside)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(transform);
        var field = transform.Deformation;
        // The row trick needs target rows parallel to the field's x axis (LPS x); oblique grids take the generic path.
        if (field is null || target.Direction.M10 != 0 || target.Direction.M20 != 0)
        {
            return Resampler.Linear(source, target, field is null ? transform.Affine : transform, outside);
        }

        var result = new Volume<float>(target);
        var sg = source.Geometry;
        var srcInv = sg.Direction.Inverse();
        // ToSourceIndex(p) = perMm * (p - origin): LPS mm to the source's continuous voxel index.
        var perMm = new Mat3(1 / sg.Spacing.X, 0, 0, 0, 1 / sg.Spacing.Y, 0, 0, 0, 1 / sg.Spacing.Z) * srcInv;
        Parallel.For(0, target.Size.Z, () => new double[3 * field.Size.X], (z, _, columns) =>
        {
            for (var y = 0; y < target.Size.Y; y++)
            {
                ResampleRow(source, result, transform.Affine, field, perMm, y, z, columns, outside);
            }

            return columns;
        }, _ => { });
        return result;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ResampleRow(Volume<float> source, Volume<float> result, AffineTransform affine, BSplineDeformation field, Mat3 perMm, int y, int z, double[] columns, float outside)
    {
        Span<double> wy = stackalloc double[4];
        Span<double> wz = stackalloc double[4];
        var target = result.Geometry;
        var origin = source.Geometry.Origin;
        var cs = field.Size;
        var p0 = target.IndexToLps(0, y, z);
        var p1 = target.IndexToLps(1, y, z);
        // As the generic resampler: the affine part of the row is its start and per-x step in source index.
        var s0 = perMm * (affine.Apply(p0) - origin);
        var step = perMm * (affine.Apply(p1) - origin) - s0;
        var rowHasField = RowColumns(field, p0, wy, wz, columns);
        if (rowHasField)
        {
            // The displacement is linear in the coefficients: take each control column to source-index units once per
            // row instead of every voxel's displacement (the same sum in another order: equal to float rounding).
            for (var i = 0; i < cs.X; i++)
            {
                var d = perMm * new Vec3(columns[3 * i], columns[3 * i + 1], columns[3 * i + 2]);
                (columns[3 * i], columns[3 * i + 1], columns[3 * i + 2]) = (d.X, d.Y, d.Z);
            }
        }

        var row = result.Data.AsSpan(result.Index(0, y, z), target.Size.X);
        var dxPerVoxel = p1.X - p0.X;
        var u0 = (p0.X - field.Origin.X) / field.Spacing.X;
        var du = dxPerVoxel / field.Spacing.X;
        for (var x = 0; x < row.Length; x++)
        {
            double sx = s0.X + step.X * x, sy = s0.Y + step.Y * x, sz = s0.Z + step.Z * x;
            if (rowHasField)
            {
                var u = u0 + du * x;
                var fu = Math.Floor(u);
                var i0 = (int)fu - 1;
                if (i0 + 3 >= 0 && i0 < cs.X)
                {
                    // Cubic B-spline weights of control columns i0 .. i0 + 3 (BSplineKernel.Weights, inlined).
                    var f = u - fu;
                    var f2 = f * f;
                    var f3 = f2 * f;
                    var g = 1 - f;
                    var w0 = g * g * g / 6;
                    var w1 = ((3 * f3) - (6 * f2) + 4) / 6;
                    var w2 = ((-3 * f3) + (3 * f2) + (3 * f) + 1) / 6;
                    var w3 = f3 / 6;
                    if (i0 >= 0 && i0 + 3 < cs.X)
                    {
                        var c = 3 * i0;
                        sx += (w0 * columns[c]) + (w1 * columns[c + 3]) + (w2 * columns[c + 6]) + (w3 * columns[c + 9]);
                        sy += (w0 * columns[c + 1]) + (w1 * columns[c + 4]) + (w2 * columns[c + 7]) + (w3 * columns[c + 10]);
                        sz += (w0 * columns[c + 2]) + (w1 * columns[c + 5]) + (w2 * columns[c + 8]) + (w3 * columns[c + 11]);
                    }
                    else
                    {
                        // Near the field's x edge: only the control columns that exist contribute.
                        Span<double> w = [w0, w1, w2, w3];
                        for (var a = 0; a < 4; a++)
                        {
                            var i = i0 + a;
                            if ((uint)i >= (uint)cs.X) continue;
                            sx += w[a] * columns[3 * i];
                            sy += w[a] * columns[3 * i + 1];
                            sz += w[a] * columns[3 * i + 2];
                        }
                    }
                }
            }

            row[x] = Resampler.SampleLinear(source, sx, sy, sz, outside);
        }
    }

    /// <summary>For the row through <paramref name="p0"/> (along LPS x): each control column's displacement
    /// sum_jk wy_j wz_k c_ijk (mm, three components) into <paramref name="columns"/>; false when the row lies beyond
    /// the field's support in y or z (zero displacement everywhere on it).</summary>
    private static bool RowColumns(BSplineDeformation field, Vec3 p0, Span<double> wy, Span<double> wz, double[] columns)
    {
        var cs = field.Size;
        var v = (p0.Y - field.Origin.Y) / field.Spacing.Y;
        var w = (p0.Z - field.Origin.Z) / field.Spacing.Z;
        var fv = Math.Floor(v);
        var fw = Math.Floor(w);
        var j0 = (int)fv - 1;
        var k0 = (int)fw - 1;
        if (j0 + 3 < 0 || k0 + 3 < 0 || j0 >= cs.Y || k0 >= cs.Z)
        {
            return false;
        }

        BSplineKernel.Weights(v - fv, wy);
        BSplineKernel.Weights(w - fw, wz);
        Array.Clear(columns);
        var coef = field.Coefficients;
        for (var c = 0; c < 4; c++)
        {
            var k = k0 + c;
            if ((uint)k >= (uint)cs.Z) continue;
            for (var b = 0; b < 4; b++)
            {
                var j = j0 + b;
                if ((uint)j >= (uint)cs.Y) continue;
                var wyz = wy[b] * wz[c];
                var rowStart = 3 * (k * cs.Y + j) * cs.X;
                for (var i = 0; i < 3 * cs.X; i++)
                {
                    columns[i] += wyz * coef[rowStart + i];
                }
            }
        }

        return true;
    }
}
