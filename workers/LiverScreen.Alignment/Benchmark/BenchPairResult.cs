namespace LiverScreen.Alignment.Benchmark;

/// <summary>One pair of the benchmark: TRE before registration, and each method's result (elastix null when it was
/// not run).</summary>
public sealed record BenchPairResult(string Name, double[] InitialTreMm, MethodResult Ours, MethodResult? Elastix);
