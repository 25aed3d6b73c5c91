namespace LiverScreen.Detection.Lesions;

/// <summary>Options of <see cref="Seg2Det"/>.</summary>
public sealed record Seg2DetOptions
{
    /// <summary>
    /// Split a 2D component that bridges two or more separate components both in the slice below and in the slice above
    /// (two lesions that touch in exactly one slice). Paper 002's plain overlap rule (Eq. 5-6) would merge them into one
    /// lesion; with this on, the bridge is divided between them (geodesic nearest seed) and they stay two lesions.
    /// Contact over two or more slices still merges, as in the paper.
    /// </summary>
    public bool SplitSingleSliceBridges { get; init; } = true;

    /// <summary>Lesions with fewer voxels are dropped (1 keeps everything, as the paper does).</summary>
    public int MinVoxels { get; init; } = 1;

    public static Seg2DetOptions Default { get; } = new();
}
