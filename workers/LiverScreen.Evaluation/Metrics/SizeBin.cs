namespace LiverScreen.Evaluation.Metrics;

/// <summary>A lesion volume bin in cm3, [Min, Max). Paper 002 Table I bins plus one for lesions under 0.5 cm3.</summary>
public sealed record SizeBin(string Label, double Min, double Max)
{
    public static IReadOnlyList<SizeBin> TableI { get; } =
    [
        new("<0.5", 0, 0.5),
        new("0.5-2", 0.5, 2),
        new("2-4", 2, 4),
        new("4-8", 4, 8),
        new("8-16", 8, 16),
        new("16-64", 16, 64),
        new(">64", 64, double.PositiveInfinity),
    ];

    public bool Contains(double volumeCc) => volumeCc >= Min && volumeCc < Max;
}
