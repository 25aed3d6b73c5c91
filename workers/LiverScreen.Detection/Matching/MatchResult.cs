namespace LiverScreen.Detection.Matching;

/// <summary>Result of paper 002's match (Eq. 7): every true lesion is TP, FL or FN; every predicted lesion TP, FL or FP.
/// Recall counts come from <see cref="Truth"/>, precision counts from <see cref="Predicted"/>.</summary>
public sealed record MatchResult(IReadOnlyList<SiteMatch> Truth, IReadOnlyList<SiteMatch> Predicted)
{
    public int TruePositives => Truth.Count(t => t.Outcome == MatchOutcome.TP);

    public int FalseLabels => Truth.Count(t => t.Outcome == MatchOutcome.FL);

    public int FalseNegatives => Truth.Count(t => t.Outcome == MatchOutcome.FN);

    public int FalsePositives => Predicted.Count(p => p.Outcome == MatchOutcome.FP);
}
