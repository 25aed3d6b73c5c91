namespace LiverScreen.Contracts.Results;

/// <summary>One series of the study: its identified phase, the identification confidence (0..1) and whether it was used.</summary>
public sealed record PhaseResult(Phase Phase, string SeriesInstanceUid, double Confidence, bool Used = true);
