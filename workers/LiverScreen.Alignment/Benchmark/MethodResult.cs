namespace LiverScreen.Alignment.Benchmark;

/// <summary>One method on one pair: TRE per landmark (mm), wall time (s), and our QA verdict (elastix has none: true).</summary>
public sealed record MethodResult(double[] TreMm, double Seconds, bool Passed, string? FailureReason)
{
    public double MeanTre => TreMm.Average();

    public double P95Tre => AlignmentBenchmark.Percentile(TreMm, 0.95);
}
