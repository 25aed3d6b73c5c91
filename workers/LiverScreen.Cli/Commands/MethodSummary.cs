namespace LiverScreen.Cli.Commands;

/// <summary>A method's TRE over all landmarks of all pairs (mm) and its time (s).</summary>
public sealed record MethodSummary(double MeanTreMm, double P95TreMm, double MedianTreMm, double MaxTreMm, double TotalSeconds, double SecondsPerPair, int PairsPassedQa);
