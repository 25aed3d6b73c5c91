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
        for (var s = 0; s < n; s++)
        {
            var w = _weights.AsSpan(12 * s, 12);
            _inside[s] = field.Locate(samples.Points[s], out _base[3 * s], out _base[3 * s + 1], out _base[3 * s + 2], w[..4], w[4..8], w[8..]);
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
}
