using LiverScreen.Evaluation.Targets;

namespace LiverScreen.Evaluation.Metrics;

/// <summary>The cohort evaluation: paper 002's tables per setting. Always synthetic-phantom results.</summary>
public sealed record EvaluationReport(
    string Title,
    string Notice,
    bool Synthetic,
    string? Preset,
    int TruthStudies,
    int Evaluated,
    string MatchRule,
    IReadOnlyList<StudyProblem> Problems,
    IReadOnlyList<SettingReport> Settings)
{
    public const string SyntheticTitle = "LiverScreen evaluation: synthetic phantom results — not clinical performance";

    public const string SyntheticNotice =
        "Synthetic phantom results — not clinical performance. Every number here comes from computer-generated phantoms and models trained on them; none describes performance on patients.";

    /// <summary>The truth files read: preset, seed and size of each cohort.</summary>
    public IReadOnlyList<CohortInfo> Cohorts { get; init; } = [];

    /// <summary>The models named by the results of the truth's studies, with how many studies each produced.</summary>
    public IReadOnlyList<ModelUsage> Models { get; init; } = [];

    /// <summary>Model names that appear with more than one version or checksum: the results mix runs of different
    /// models (e.g. a resumed --work folder screened before a model changed), so no number here belongs to one model.</summary>
    public IReadOnlyList<string> MixedModels => Models.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

    /// <summary>The joint model's lesion tables over every evaluated study of both settings (the lesion-level target).</summary>
    public ModelLesionReport? PooledJointLesions { get; init; }

    /// <summary>Issue 6's targets beside the measured numbers (<see cref="ProjectTargets"/>).</summary>
    public IReadOnlyList<TargetCheck> Targets { get; init; } = [];

    /// <summary>The command that reproduces this report, when the harness produced it.</summary>
    public string? Command { get; init; }

    /// <summary>How the run went: studies screened, wall time per study, acquisition.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
