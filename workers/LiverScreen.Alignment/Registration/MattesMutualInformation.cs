using System.Runtime.CompilerServices;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Registration;

/// <summary>
/// Mattes et al. (2003) mutual information over a fixed sample set: joint histogram with a zero-order (box) Parzen
/// window on the reference and a cubic B-spline window on the moving image, so the value is differentiable in the
/// transform parameters. MI = sum p(k,l) log(p(k,l) / (pf(k) pm(l))); its derivative is
/// dMI/dmu = sum_kl dp(k,l)/dmu log(p(k,l)/pm(l)), dp/dmu = -(1/N) sum_i delta(k - kappa_i) beta3'(l - eta_i) deta_i/dmu,
/// deta/dmu = (1/binWidth) gradM(T(x_i)) . dT/dmu. Works across contrast phases because it only assumes the
/// intensities are statistically related, not equal. Samples are split into a fixed number of chunks whose partial
/// sums are added in chunk order: multi-threaded and bit-for-bit reproducible.
/// </summary>
public sealed class MattesMutualInformation
{
    public const int Bins = 32;
    private const int Chunks = 32;

    private readonly LevelImage _moving;
    private readonly SampleSet _samples;
    private readonly int[] _fixedBin;
    private readonly double _movingMin;
    private readonly double _movingBinWidth;
    private readonly double[] _eta;
    private readonly Vec3[] _gradient;
    private readonly bool[] _valid;

    public MattesMutualInformation(SampleSet samples, LevelImage moving, float windowMin, float windowMax)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(moving);
        _moving = moving;
        _samples = samples;
        _fixedBin = new int[samples.Count];
        var fixedWidth = (windowMax - windowMin) / (double)Bins;
        for (var i = 0; i < samples.Count; i++)
        {
            _fixedBin[i] = Math.Clamp((int)((samples.Values[i] - windowMin) / fixedWidth), 0, Bins - 1);
        }

        // The cubic window reaches two bins either side: eta in [2, Bins - 3] keeps l in [0, Bins - 1].
        _movingMin = windowMin;
        _movingBinWidth = (windowMax - windowMin) / (double)(Bins - 5);
        _eta = new double[samples.Count];
        _gradient = new Vec3[samples.Count];
        _valid = new bool[samples.Count];
    }

    /// <summary>Fraction of samples that mapped inside the moving image at the last evaluation.</summary>
    public double LastOverlap { get; private set; }

    /// <summary>MI (nats, higher is better) at the model's current parameters; fills <paramref name="gradient"/>
    /// (length ParameterCount) when given.</summary>
    public double Evaluate(ITransformModel model, double[]? gradient)
    {
        ArgumentNullException.ThrowIfNull(model);
        var n = _samples.Count;
        var wantGradient = gradient is not null;
        var partial = new double[Chunks][];
        var counts = new int[Chunks];
        Parallel.For(0, Chunks, c =>
        {
            var hist = new double[Bins * Bins];
            counts[c] = HistogramChunk(c, model, wantGradient, hist);
            partial[c] = hist;
        });

        var joint = new double[Bins * Bins];
        var total = 0;
        for (var c = 0; c < Chunks; c++)
        {
            total += counts[c];
            for (var k = 0; k < joint.Length; k++)
            {
                joint[k] += partial[c][k];
            }
        }

        LastOverlap = n == 0 ? 0 : total / (double)n;
        if (total < 16)
        {
            if (gradient is not null)
            {
                Array.Clear(gradient);
            }

            return 0;
        }

        double sum = 0;
        foreach (var v in joint)
        {
            sum += v;
        }

        var pf = new double[Bins];
        var pm = new double[Bins];
        for (var k = 0; k < Bins; k++)
        {
            for (var l = 0; l < Bins; l++)
            {
                var p = joint[k * Bins + l] / sum;
                joint[k * Bins + l] = p;
                pf[k] += p;
                pm[l] += p;
            }
        }

        double mi = 0;
        var logRatio = new double[Bins * Bins]; // log(p(k,l) / pm(l)), used by the derivative
        for (var k = 0; k < Bins; k++)
        {
            for (var l = 0; l < Bins; l++)
            {
                var p = joint[k * Bins + l];
                if (p > 1e-16)
                {
                    mi += p * Math.Log(p / (pf[k] * pm[l]));
                    logRatio[k * Bins + l] = Math.Log(p / pm[l]);
                }
            }
        }

        if (gradient is null)
        {
            return mi;
        }

        var accLength = model.AccumulatorLength;
        var accs = new double[Chunks][];
        var scale = -1.0 / (sum * _movingBinWidth);
        Parallel.For(0, Chunks, c =>
        {
            var acc = new double[accLength];
            GradientChunk(c, model, logRatio, scale, acc);
            accs[c] = acc;
        });

        var total12 = new double[accLength];
        for (var c = 0; c < Chunks; c++)
        {
            for (var k = 0; k < accLength; k++)
            {
                total12[k] += accs[c][k];
            }
        }

        model.Reduce(total12, gradient);
        return mi;
    }

    // The two per-chunk loops are the optimiser's whole cost. AggressiveOptimization compiles them optimised at once:
    // under tiered compilation the first registrations of a process ran them as unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int HistogramChunk(int c, ITransformModel model, bool wantGradient, double[] hist)
    {
        var (from, to) = Range(c, _samples.Count);
        var count = 0;
        for (var i = from; i < to; i++)
        {
            var y = model.Map(i, _samples.Points[i]);
            bool ok;
            float m;
            Vec3 g = Vec3.Zero;
            ok = wantGradient ? _moving.TrySampleWithGradient(y, out m, out g) : _moving.TrySample(y, out m);
            _valid[i] = ok;
            if (!ok)
            {
                continue;
            }

            var eta = (m - _movingMin) / _movingBinWidth + 2;
            _eta[i] = eta;
            _gradient[i] = g;
            count++;
            var l0 = (int)Math.Floor(eta) - 1;
            var row = _fixedBin[i] * Bins;
            for (var l = l0; l < l0 + 4; l++)
            {
                if ((uint)l < Bins)
                {
                    hist[row + l] += BSplineKernel.Cubic(l - eta);
                }
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GradientChunk(int c, ITransformModel model, double[] logRatio, double scale, double[] acc)
    {
        var (from, to) = Range(c, _samples.Count);
        for (var i = from; i < to; i++)
        {
            if (!_valid[i])
            {
                continue;
            }

            var eta = _eta[i];
            var l0 = (int)Math.Floor(eta) - 1;
            var row = _fixedBin[i] * Bins;
            double w = 0;
            for (var l = l0; l < l0 + 4; l++)
            {
                if ((uint)l < Bins)
                {
                    // d beta3(l - eta)/d eta = -beta3'(l - eta)
                    w += BSplineKernel.CubicDerivative(l - eta) * logRatio[row + l];
                }
            }

            if (w != 0)
            {
                model.Accumulate(i, _samples.Points[i], _gradient[i] * (w * scale), acc);
            }
        }
    }

    private static (int From, int To) Range(int chunk, int n) =>
        ((int)((long)chunk * n / Chunks), (int)((long)(chunk + 1) * n / Chunks));
}
