namespace LiverScreen.Inference.Volumes;

/// <summary>Knobs of <see cref="SlidingWindowInference"/>; the tile size and overlap come from the model card unless overridden.</summary>
public sealed record SlidingWindowOptions
{
    /// <summary>Tiles per ORT run (each tile counts once per flip).</summary>
    public int BatchSize { get; init; } = 1;

    public ProbabilityStorage Storage { get; init; } = ProbabilityStorage.Quantized8;

    public FlipAxes Flips { get; init; } = FlipAxes.None;

    /// <summary>z, y, x voxels; null uses the card's patchSize.</summary>
    public IReadOnlyList<int>? PatchSize { get; init; }

    /// <summary>Null uses the card's overlap.</summary>
    public double? Overlap { get; init; }

    /// <summary>Refuse volumes whose spacing is not the card's working spacing (within 1%).</summary>
    public bool RequireWorkingSpacing { get; init; } = true;

    /// <summary>
    /// Crop to the body before tiling: only the bounding box of voxels above this HU in any present phase (plus
    /// <see cref="CropMarginVoxels"/>) is tiled; outside it every voxel is background with probability 1. Null tiles
    /// the whole field of view. Air (-1000 HU) and tile padding both normalise to the window minimum, so a box that
    /// holds the whole body changes the network's input only by where the tiles fall. A 512 x 512 field of view is
    /// 5-30% wider than the body on each axis (and the body is flatter front to back), so this drops 20-45% of the tiles.
    /// </summary>
    public float? CropThresholdHu { get; init; }

    /// <summary>Voxels added around the body box on each in-plane side (none in z: axial slabs cover the body).</summary>
    public int CropMarginVoxels { get; init; } = 4;

    /// <summary>Fraction of tiles done, 0..1, reported after each batch.</summary>
    public IProgress<double>? Progress { get; init; }
}
