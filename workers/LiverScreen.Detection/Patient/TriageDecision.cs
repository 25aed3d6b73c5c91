using LiverScreen.Contracts;

namespace LiverScreen.Detection.Patient;

/// <summary>The triage category and the sentences that explain it to a screening coordinator.</summary>
public sealed record TriageDecision(TriageCategory Category, IReadOnlyList<string> Reasons);
