using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Registration;

/// <summary>Full affine model y = A (x - c) + c + t with 12 parameters (A row-major, then t). The centre c is the
/// mask centroid, so rotation and translation decouple (ITK's centred parameterisation).</summary>
public sealed class AffineModel : ITransformModel
{
    private readonly double[] _p = new double[12];
    private readonly double[] _scales;

    public AffineModel(AffineTransform initial, Vec3 center, Vec3 radiusMm)
    {
        ArgumentNullException.ThrowIfNull(initial);
        Center = center;
        // Re-express the initial transform around our centre: same map, different centre.
        var t = initial.Apply(center) - center;
        initial.Matrix.ToArray().CopyTo(_p, 0);
        _p[9] = t.X;
        _p[10] = t.Y;
        _p[11] = t.Z;
        _scales = [radiusMm.X, radiusMm.Y, radiusMm.Z, radiusMm.X, radiusMm.Y, radiusMm.Z, radiusMm.X, radiusMm.Y, radiusMm.Z, 1, 1, 1];
    }

    public Vec3 Center { get; }

    public int ParameterCount => 12;

    public int AccumulatorLength => 12;

    public IReadOnlyList<double> Scales => _scales;

    public double[] Parameters => (double[])_p.Clone();

    public AffineTransform Transform => new(Mat3.FromArray(_p), new Vec3(_p[9], _p[10], _p[11]), Center);

    public void SetParameters(ReadOnlySpan<double> parameters) => parameters.CopyTo(_p);

    public Vec3 Map(int sample, Vec3 point)
    {
        var d = point - Center;
        return new Vec3(
            _p[0] * d.X + _p[1] * d.Y + _p[2] * d.Z + Center.X + _p[9],
            _p[3] * d.X + _p[4] * d.Y + _p[5] * d.Z + Center.Y + _p[10],
            _p[6] * d.X + _p[7] * d.Y + _p[8] * d.Z + Center.Z + _p[11]);
    }

    public void Accumulate(int sample, Vec3 point, Vec3 weightedGradient, Span<double> accumulator) =>
        AccumulateAffine(point - Center, weightedGradient, accumulator);

    public void Reduce(ReadOnlySpan<double> accumulator, Span<double> gradient) => accumulator.CopyTo(gradient);

    /// <summary>d/dA_ab = g_a d_b, d/dt_a = g_a.</summary>
    internal static void AccumulateAffine(Vec3 d, Vec3 g, Span<double> acc)
    {
        acc[0] += g.X * d.X; acc[1] += g.X * d.Y; acc[2] += g.X * d.Z;
        acc[3] += g.Y * d.X; acc[4] += g.Y * d.Y; acc[5] += g.Y * d.Z;
        acc[6] += g.Z * d.X; acc[7] += g.Z * d.Y; acc[8] += g.Z * d.Z;
        acc[9] += g.X; acc[10] += g.Y; acc[11] += g.Z;
    }
}
