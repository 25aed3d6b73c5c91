using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Triage;

/// <summary><paramref name="Reason"/> says why, in words a coordinator reads (e.g. "HCC 24 mm", "low confidence").</summary>
public sealed record TriageOutcome(TriageCategory Category, double Confidence, string Reason, string ResultKey);
