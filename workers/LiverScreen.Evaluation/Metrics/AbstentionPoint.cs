using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Metrics;

/// <summary>Malignancy metrics on the most confident <see cref="KeepPercent"/>% of studies (paper 001's abstention
/// analysis; 70% is its headline point).</summary>
public sealed record AbstentionPoint(int KeepPercent, int Kept, double MinConfidence, Proportion Sensitivity, Proportion Specificity, Proportion Accuracy);
