using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Metrics;

/// <summary>Patient-level malignancy classification of one model (paper 002 Table IV) plus patient-class accuracy (Eq. 12).
/// For the joint model, <see cref="Uncertain"/> studies are left out of the proportions, as in the paper.</summary>
public sealed record PatientMetrics(string Model, int Studies, Proportion Sensitivity, Proportion Specificity, Proportion ClassAccuracy, int Uncertain);
