namespace LiverScreen.Detection.Patient;

/// <summary>Thresholds of the technical checks of <see cref="TriageRules"/>.</summary>
public sealed record TriageOptions
{
    /// <summary>Below this segmented liver volume the study is "no liver found". Adult livers are 1,000-2,000 cm3; a
    /// scan that holds under 150 cm3 of liver did not image the liver (or the segmentation failed).</summary>
    public double MinLiverCc { get; init; } = 150;

    /// <summary>A liver cross-section on the first or last slice above this fraction of the largest one means the scan
    /// cuts the liver (a complete liver tapers to a small tip at both ends).</summary>
    public double MaxEdgeSliceFraction { get; init; } = 0.35;

    public static TriageOptions Default { get; } = new();
}
