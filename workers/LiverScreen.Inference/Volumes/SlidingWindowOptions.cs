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

    /// <summary>Fraction of tiles done, 0..1, reported after each batch.</summary>
    public IProgress<double>? Progress { get; init; }
}
