using System.Runtime.CompilerServices;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Registration;

/// <summary>Deformable model T(x) = A(x) + d(x): a fixed affine (from the affine stage) plus a B-spline displacement
/// whose coefficients (mm) are the parameters. B-spline weights of the fixed sample points are computed once.</summary>
public sealed class BSplineModel : ITransformModel
{
    private readonly AffineTransform _affine;
    private readonly BSplineDeformation _field;
    private readonly int[] _base;       // per sample: i0, j0, k0
    private readonly double[] _weights; // per sample: 12 weights (4 x, 4 y, 4 z)
    private readonly bool[] _inside;
    private readonly bool[] _full;      // per sample: all 4 x 4 x 4 control points inside the grid (no index checks)
    private readonly double[] _scales;

    public BSplineModel(AffineTransform affine, BSplineDeformation field, SampleSet samples)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(samples);
        _affine = affine;
        _field = field;
        var n = samples.Count;
        _base = new int[3 * n];
        _weights = new double[12 * n];
        _inside = new bool[n];
        _full = new bool[n];
        var size = field.Size;
        for (var s = 0; s < n; s++)
        {
            var w = _weights.AsSpan(12 * s, 12);
            _inside[s] = field.Locate(samples.Points[s], out _base[3 * s], out _base[3 * s + 1], out _base[3 * s + 2], w[..4], w[4..8], w[8..]);
            _full[s] = _inside[s]
                && _base[3 * s] >= 0 && _base[3 * s] + 3 < size.X
                && _base[3 * s + 1] >= 0 && _base[3 * s + 1] + 3 < size.Y
                && _base[3 * s + 2] >= 0 && _base[3 * s + 2] + 3 < size.Z;
        }

        _scales = Enumerable.Repeat(1.0, field.Coefficients.Length).ToArray();
    }

    public int ParameterCount => _field.Coefficients.Length;

    public int AccumulatorLength => _field.Coefficients.Length;

    public IReadOnlyList<double> Scales => _scales;

    public BSplineDeformation Field => _field;

    public void SetParameters(ReadOnlySpan<double> parameters) => parameters.CopyTo(_field.Coefficients);

    public Vec3 Map(int sample, Vec3 point)
    {
        var y = _affine.Apply(point);
        if (!_inside[sample])
        {
            return y;
        }

        if (_full[sample])
        {
            var d = MapFull(sample);
            return new Vec3(y.X + d.X, y.Y + d.Y, y.Z + d.Z);
        }

        double dx = 0, dy = 0, dz = 0;
        var s = _field.Size;
        var b = _base.AsSpan(3 * sample, 3);
        var w = _weights.AsSpan(12 * sample, 12);
        var coef = _field.Coefficients;
        for (var c = 0; c < 4; c++)
        {
            var k = b[2] + c;
            if ((uint)k >= (uint)s.Z) continue;
            for (var bj = 0; bj < 4; bj++)
            {
                var j = b[1] + bj;
                if ((uint)j >= (uint)s.Y) continue;
                var wyz = w[4 + bj] * w[8 + c];
                for (var a = 0; a < 4; a++)
                {
                    var i = b[0] + a;
                    if ((uint)i >= (uint)s.X) continue;
                    var ww = w[a] * wyz;
                    var idx = 3 * ((k * s.Y + j) * s.X + i);
                    dx += ww * coef[idx];
                    dy += ww * coef[idx + 1];
                    dz += ww * coef[idx + 2];
                }
            }
        }

        return new Vec3(y.X + dx, y.Y + dy, y.Z + dz);
    }

    public void Accumulate(int sample, Vec3 point, Vec3 weightedGradient, Span<double> accumulator)
    {
        if (!_inside[sample])
        {
            return;
        }

        if (_full[sample])
        {
            AccumulateFull(sample, weightedGradient, accumulator);
            return;
        }

        var s = _field.Size;
        var b = _base.AsSpan(3 * sample, 3);
        var w = _weights.AsSpan(12 * sample, 12);
        for (var c = 0; c < 4; c++)
        {
            var k = b[2] + c;
            if ((uint)k >= (uint)s.Z) continue;
            for (var bj = 0; bj < 4; bj++)
            {
                var j = b[1] + bj;
                if ((uint)j >= (uint)s.Y) continue;
                var wyz = w[4 + bj] * w[8 + c];
                for (var a = 0; a < 4; a++)
                {
                    var i = b[0] + a;
                    if ((uint)i >= (uint)s.X) continue;
                    var ww = w[a] * wyz;
                    var idx = 3 * ((k * s.Y + j) * s.X + i);
                    accumulator[idx] += ww * weightedGradient.X;
                    accumulator[idx + 1] += ww * weightedGradient.Y;
                    accumulator[idx + 2] += ww * weightedGradient.Z;
                }
            }
        }
    }

    public void Reduce(ReadOnlySpan<double> accumulator, Span<double> gradient) => accumulator.CopyTo(gradient);

    // The fast paths below are the general loops above without per-point index checks (every control point is in
    // the grid), in the same order with the same products, so they give bit-identical sums. The B-spline stage
    // spends most of its time here: 64 control points, 3 components, per sample and evaluation.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Vec3 MapFull(int sample)
    {
        var s = _field.Size;
        var w = _weights;
        var o = 12 * sample;
        var coef = _field.Coefficients;
        var strideJ = 3 * s.X;
        var strideK = strideJ * s.Y;
        var first = 3 * ((_base[3 * sample + 2] * s.Y + _base[3 * sample + 1]) * s.X + _base[3 * sample]);
        double w0 = w[o], w1 = w[o + 1], w2 = w[o + 2], w3 = w[o + 3];
        double dx = 0, dy = 0, dz = 0;
        for (var c = 0; c < 4; c++)
        {
            for (var bj = 0; bj < 4; bj++)
            {
                var wyz = w[o + 4 + bj] * w[o + 8 + c];
                var idx = first + c * strideK + bj * strideJ;
                var ww = w0 * wyz;
                dx += ww * coef[idx];
                dy += ww * coef[idx + 1];
                dz += ww * coef[idx + 2];
                ww = w1 * wyz;
                dx += ww * coef[idx + 3];
                dy += ww * coef[idx + 4];
                dz += ww * coef[idx + 5];
                ww = w2 * wyz;
                dx += ww * coef[idx + 6];
                dy += ww * coef[idx + 7];
                dz += ww * coef[idx + 8];
                ww = w3 * wyz;
                dx += ww * coef[idx + 9];
                dy += ww * coef[idx + 10];
                dz += ww * coef[idx + 11];
            }
        }

        return new Vec3(dx, dy, dz);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateFull(int sample, Vec3 g, Span<double> acc)
    {
        var s = _field.Size;
        var w = _weights;
        var o = 12 * sample;
        var strideJ = 3 * s.X;
        var strideK = strideJ * s.Y;
        var first = 3 * ((_base[3 * sample + 2] * s.Y + _base[3 * sample + 1]) * s.X + _base[3 * sample]);
        double w0 = w[o], w1 = w[o + 1], w2 = w[o + 2], w3 = w[o + 3];
        for (var c = 0; c < 4; c++)
        {
            for (var bj = 0; bj < 4; bj++)
            {
                var wyz = w[o + 4 + bj] * w[o + 8 + c];
                var row = acc.Slice(first + c * strideK + bj * strideJ, 12);
                var ww = w0 * wyz;
                row[0] += ww * g.X;
                row[1] += ww * g.Y;
                row[2] += ww * g.Z;
                ww = w1 * wyz;
                row[3] += ww * g.X;
                row[4] += ww * g.Y;
                row[5] += ww * g.Z;
                ww = w2 * wyz;
                row[6] += ww * g.X;
                row[7] += ww * g.Y;
                row[8] += ww * g.Z;
                ww = w3 * wyz;
                row[9] += ww * g.X;
                row[10] += ww * g.Y;
                row[11] += ww * g.Z;
            }
        }
    }
}
