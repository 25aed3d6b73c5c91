namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// The population-level screening report of one batch (format "liverscreen-population-report/1"). Rates carry 95%
/// Wilson intervals. <see cref="DetectionRatePer1000"/> counts suspected-malignant patients per 1,000 studies screened
/// successfully (failed studies are not screened).
/// </summary>
public sealed record PopulationReport(
    string Format,
    string Disclaimer,
    Guid BatchId,
    string BatchName,
    string Source,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? CompletedAt,
    int Studies,
    int Completed,
    int Failed,
    IReadOnlyList<CategoryStat> Categories,
    double DetectionRatePer1000,
    double DetectionRatePer1000Lower95,
    double DetectionRatePer1000Upper95,
    IReadOnlyList<LesionTypeStat> LesionTypes,
    IReadOnlyList<Breakdown> Breakdowns,
    Proportion UncertainRate,
    Proportion FailureRate,
    IReadOnlyList<ReasonStat> FailuresByReason,
    IReadOnlyList<ReasonStat> UncertainByReason,
    IReadOnlyList<ModelUsage> Models,
    Throughput Throughput,
    IReadOnlyList<WorklistEntry> Worklist,
    IReadOnlyList<StudyLine> StudyLines)
{
    public const string FormatName = "liverscreen-population-report/1";
}
