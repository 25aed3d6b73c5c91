namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>Which registered models the stages run (configuration section "Models"). Tests point these at the small
/// test models; production uses the trained cards under models/.</summary>
public sealed class StageModelOptions
{
    public const string SectionName = "Models";

    public string Segmentation { get; set; } = "liver-seg";

    public string Reclassification { get; set; } = "lesion-recls";

    /// <summary>The lesion typing model (<c>&lt;models&gt;/&lt;name&gt;/typing.json</c>, an extension of paper 002 that
    /// fuses the reclassifier's type vote with the enhancement pattern); empty turns it off. A missing file also runs
    /// without it.</summary>
    public string Typing { get; set; } = "lesion-typing";

    /// <summary>Segmentation tiles per model call. 1 keeps peak memory low on CPU.</summary>
    public int SegmentationBatchSize { get; set; } = 1;

    /// <summary>Sliding-window overlap of neighbouring tiles; null uses the model card's.</summary>
    public double? SegmentationOverlap { get; set; }

    /// <summary>Tile only the body's bounding box (voxels above <see cref="SegmentationBodyThresholdHu"/>) instead of
    /// the whole field of view; outside it is background. Air and tile padding give the model the same input.</summary>
    public bool SegmentationCropToBody { get; set; } = true;

    /// <summary>HU above which a voxel counts as body for the crop (fat is about -100 HU, air -1000).</summary>
    public float SegmentationBodyThresholdHu { get; set; } = -500;

    /// <summary>Augmented patches per candidate for the reclassifier (paper 002 Eq. 10-11); fewer is faster on CPU.</summary>
    public int PatchesPerLesion { get; set; } = 4;

    /// <summary>Lowest patch-averaged overlap share a candidate needs to be kept (0..1; the detection core's
    /// <c>ReclassificationOptions.MinScore</c>); null uses the core's calibrated default, 0 the paper's Eq. 11 alone.</summary>
    public double? ReclassifierMinScore { get; set; }
}
