namespace LiverScreen.Evaluation.Metrics;

/// <summary>A model that produced some of the evaluated results (from each result's <c>models</c>) and on how many of
/// the truth's studies. A report's numbers belong to the models listed here, not to whatever is in models/ today.</summary>
public sealed record ModelUsage(string Name, string Version, string Sha256, int Studies);
