namespace LiverScreen.Contracts.Results;

/// <summary>
/// One lesion of a result. <see cref="CenterLps"/> is [x, y, z] mm in the reference series' patient coordinates,
/// <see cref="KeySlice"/> the 0-based slice index of the reference grid where the lesion is largest, <see cref="Score"/>
/// the reclassifier's agreement (0..1). <see cref="FoundAtBase"/> tells whether the base operating point found it too
/// (the "common set" of paper 002 IV-B2).
/// </summary>
public sealed record ResultLesion
{
    public required int Id { get; init; }

    public required LesionType Type { get; init; }

    public required double[] CenterLps { get; init; }

    public required double VolumeCc { get; init; }

    public required double DiameterMm { get; init; }

    public required double Score { get; init; }

    public required int KeySlice { get; init; }

    public ResultBox? BboxLps { get; init; }

    public IReadOnlyDictionary<Phase, double>? MeanHu { get; init; }

    public bool? FoundAtBase { get; init; }

    public bool? Reclassified { get; init; }
}
