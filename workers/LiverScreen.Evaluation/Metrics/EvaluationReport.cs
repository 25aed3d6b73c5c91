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
}
