namespace LiverScreen.Cli.Commands;

/// <summary>One pair's line of the report (TRE in mm, times in s).</summary>
public sealed record AlignBenchPair(
    string Name,
    double InitialTreMm,
    double OursMeanTreMm,
    double OursP95TreMm,
    double OursSeconds,
    bool OursPassed,
    string? OursFailureReason,
    double? ElastixMeanTreMm,
    double? ElastixP95TreMm,
    double? ElastixSeconds);
