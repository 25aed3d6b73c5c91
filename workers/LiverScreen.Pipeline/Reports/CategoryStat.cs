using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Reports;

/// <summary>Studies with a triage category, over every study in the batch.</summary>
public sealed record CategoryStat(TriageCategory Category, Proportion Share);
