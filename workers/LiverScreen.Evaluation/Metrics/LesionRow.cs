using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Metrics;

/// <summary>One row of a lesion table: counts, precision, recall and rough recall with Wilson 95% intervals.</summary>
public sealed record LesionRow(string Group, int FN, int FP, int FL, int TP, Proportion Precision, Proportion Recall, Proportion RoughRecall)
{
    public static LesionRow From(string group, LesionCounts c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(group, c.FN, c.FP, c.FL, c.TP, c.Precision, c.Recall, c.RoughRecall);
    }
}
