using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Targets;

/// <summary>
/// One of issue 6's targets beside the measured number. <see cref="Measured"/> is the point estimate with its Wilson 95%
/// interval; <see cref="Status"/> compares the point estimate with <see cref="Threshold"/> (a lower bound unless
/// <see cref="AtMost"/>). <see cref="CohortStudies"/> is the number of studies the row was measured on and
/// <see cref="RequiredStudies"/> the cohort size the target names: a smaller cohort is indicative only, and the report
/// says so in <see cref="Note"/>.
/// </summary>
public sealed record TargetCheck(
    string Name,
    string Setting,
    string Model,
    Proportion Measured,
    double Threshold,
    bool AtMost,
    TargetStatus Status,
    int CohortStudies,
    int? RequiredStudies,
    string Note);
