using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Registration;

/// <summary>Rigid model: Euler angles (rad; about x, then y, then z, as <see cref="AffineTransform.Rigid"/>) and a
/// translation (mm), about a fixed centre. The gradient is the affine gradient pushed through dR/dangle.</summary>
public sealed class RigidModel : ITransformModel
{
    private readonly double[] _p = new double[6];
    private readonly double[] _scales;
    private Mat3 _r = Mat3.Identity;

    public RigidModel(Vec3 center, Vec3 initialTranslation, double radiusMm)
    {
        Center = center;
        _p[3] = initialTranslation.X;
        _p[4] = initialTranslation.Y;
        _p[5] = initialTranslation.Z;
        _scales = [radiusMm, radiusMm, radiusMm, 1, 1, 1];
        SetParameters(_p);
    }

    public Vec3 Center { get; }

    public int ParameterCount => 6;

    public int AccumulatorLength => 12;

    public IReadOnlyList<double> Scales => _scales;

    public AffineTransform Transform =>
        AffineTransform.Rigid(_p[0], _p[1], _p[2], new Vec3(_p[3], _p[4], _p[5]), Center);

    public double[] Parameters => (double[])_p.Clone();

    public void SetParameters(ReadOnlySpan<double> parameters)
    {
        parameters.CopyTo(_p);
        _r = Transform.Matrix;
    }

    public Vec3 Map(int sample, Vec3 point) => _r * (point - Center) + Center + new Vec3(_p[3], _p[4], _p[5]);

    public void Accumulate(int sample, Vec3 point, Vec3 weightedGradient, Span<double> accumulator) =>
        AffineModel.AccumulateAffine(point - Center, weightedGradient, accumulator);

    public void Reduce(ReadOnlySpan<double> accumulator, Span<double> gradient)
    {
        var (cx, sx) = (Math.Cos(_p[0]), Math.Sin(_p[0]));
        var (cy, sy) = (Math.Cos(_p[1]), Math.Sin(_p[1]));
        var (cz, sz) = (Math.Cos(_p[2]), Math.Sin(_p[2]));
        var rx = new Mat3(1, 0, 0, 0, cx, -sx, 0, sx, cx);
        var ry = new Mat3(cy, 0, sy, 0, 1, 0, -sy, 0, cy);
        var rz = new Mat3(cz, -sz, 0, sz, cz, 0, 0, 0, 1);
        var drx = new Mat3(0, 0, 0, 0, -sx, -cx, 0, cx, -sx);
        var dry = new Mat3(-sy, 0, cy, 0, 0, 0, -cy, 0, -sy);
        var drz = new Mat3(-sz, -cz, 0, cz, -sz, 0, 0, 0, 0);
        ReadOnlySpan<Mat3> derivs = [rz * ry * drx, rz * dry * rx, drz * ry * rx];
        for (var k = 0; k < 3; k++)
        {
            var m = derivs[k].ToArray();
            double sum = 0;
            for (var i = 0; i < 9; i++)
            {
                sum += m[i] * accumulator[i];
            }

            gradient[k] = sum;
        }

        gradient[3] = accumulator[9];
        gradient[4] = accumulator[10];
        gradient[5] = accumulator[11];
    }
}
