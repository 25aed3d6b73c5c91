using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Metrics;

/// <summary>Everything reported for one setting (screening: NC only; diagnosis: multi-phase).</summary>
public sealed record SettingReport(
    string Setting,
    int Studies,
    Proportion UncertainRate,
    IReadOnlyList<PatientMetrics> Patient,
    IReadOnlyList<ModelLesionReport> Lesions,
    IReadOnlyList<AbstentionPoint> Abstention);
