namespace LiverScreen.Pipeline.Reports;

/// <summary>Wall time per study of one stage, in ms, and the part spent in model inference.</summary>
public sealed record StageTiming(string Stage, int Runs, double MeanMs, double P50Ms, double P95Ms, double TotalMs, double InferenceMs);
