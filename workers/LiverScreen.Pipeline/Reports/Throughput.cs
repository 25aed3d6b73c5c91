namespace LiverScreen.Pipeline.Reports;

/// <summary>Batch wall time (submission to last terminal study) and studies per hour over it.
/// <paramref name="OutsideInferenceShare"/> is the share of summed stage time not spent in model inference.</summary>
public sealed record Throughput(double WallSeconds, double StudiesPerHour, double OutsideInferenceShare, IReadOnlyList<StageTiming> Stages);
