using System.Diagnostics;
using LiverScreen.Alignment.Elastix;
using LiverScreen.Alignment.Registration;
using LiverScreen.Alignment.Testing;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Benchmark;

/// <summary>Runs LiverScreen's registration and elastix on the same pairs, one after the other, and measures TRE
/// (mm, at liver landmarks, against the true motion) and wall time of each.</summary>
public static class AlignmentBenchmark
{
    public static BenchPairResult RunPair(BenchPair pair, RegistrationOptions options, ElastixRunner? elastix, string workDir)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(options);
        var initial = SyntheticPair.TargetRegistrationErrors(AffineTransform.Identity, pair.Truth, pair.Landmarks);

        var clock = Stopwatch.StartNew();
        var ours = ImageRegistration.Register(pair.Reference, pair.Moving, options);
        var oursSeconds = clock.Elapsed.TotalSeconds;
        var oursTre = SyntheticPair.TargetRegistrationErrors(ours.Transform, pair.Truth, pair.Landmarks);
        var oursResult = new MethodResult(oursTre, oursSeconds, ours.Passed, ours.FailureReason);

        MethodResult? elastixResult = null;
        if (elastix is not null)
        {
            var mask = FixedMask(pair.Reference, options.MaskThresholdHu);
            var (mapped, elapsed) = elastix.RegisterAndMap(pair.Name, pair.Reference, pair.Moving, mask, pair.Landmarks, Path.Combine(workDir, Sanitize(pair.Name)));
            var tre = pair.Landmarks.Select((p, i) => (mapped[i] - pair.Truth.Apply(p)).Length).ToArray();
            elastixResult = new MethodResult(tre, elapsed.TotalSeconds, true, null);
        }

        return new BenchPairResult(pair.Name, initial, oursResult, elastixResult);
    }

    /// <summary>The same body mask our registration uses, at full resolution, so elastix sees the same region.</summary>
    public static Volume<byte> FixedMask(Volume<short> reference, float thresholdHu)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var f = reference.ToFloat();
        return new Volume<byte>(reference.Geometry, BodyMask.Compute(f, thresholdHu));
    }

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_'));
}
