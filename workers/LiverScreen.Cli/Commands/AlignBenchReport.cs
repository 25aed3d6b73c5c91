namespace LiverScreen.Cli.Commands;

/// <summary>JSON report of `bench align --json` ("liverscreen-bench-align/1").</summary>
public sealed record AlignBenchReport(
    string Format,
    bool Synthetic,
    string Source,
    string OurMethod,
    int Cores,
    string? ElastixParameterFiles,
    double InitialMeanTreMm,
    double InitialMaxTreMm,
    IReadOnlyList<AlignBenchPair> Pairs,
    MethodSummary Ours,
    MethodSummary? Elastix,
    double? SpeedupVsElastix,
    bool? TreNoWorseThanElastix,
    bool MedianTreTargetMet);
