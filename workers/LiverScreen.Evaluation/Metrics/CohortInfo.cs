namespace LiverScreen.Evaluation.Metrics;

/// <summary>One phantom cohort the evaluation read (a truth.json): its preset, seed and study count.</summary>
public sealed record CohortInfo(string? Preset, long? Seed, int Studies);
