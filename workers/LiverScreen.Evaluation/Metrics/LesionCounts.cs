using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Metrics;

/// <summary>
/// Paper 002's lesion counts for one group. Truth side: TP, FL, FN (recall = TP / (TP + FL + FN), rough recall =
/// (TP + FL) / (TP + FL + FN), section IV-C1). Prediction side: predicted TP, predicted FL and FP
/// (precision = TP' / (TP' + FP + FL')). With one-to-one matches TP' = TP; the two sides differ only when a lesion is
/// split or merged by the model.
/// </summary>
public sealed record LesionCounts(int TP, int FL, int FN, int FP, int PredictedTP, int PredictedFL)
{
    public static LesionCounts Zero { get; } = new(0, 0, 0, 0, 0, 0);

    public Proportion Recall => new(TP, TP + FL + FN);

    public Proportion RoughRecall => new(TP + FL, TP + FL + FN);

    public Proportion Precision => new(PredictedTP, PredictedTP + FP + PredictedFL);

    public static LesionCounts operator +(LesionCounts a, LesionCounts b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.TP + b.TP, a.FL + b.FL, a.FN + b.FN, a.FP + b.FP, a.PredictedTP + b.PredictedTP, a.PredictedFL + b.PredictedFL);
    }
}
