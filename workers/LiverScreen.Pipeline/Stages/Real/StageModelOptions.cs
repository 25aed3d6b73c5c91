using LiverScreen.Inference.Volumes;

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

    /// <summary>Test-time mirroring of the segmentation (as nnU-Net does): each tile also runs mirrored along these axes
    /// and the un-mirrored outputs are averaged, which steadies the lesion probabilities that Eq. 3 scales. Each axis
    /// doubles the segmentation's model time. X (left-right) is the one the reference models saw in training: their
    /// patches are mirrored left-right half the time, LR_position with them (models/training/data.py).</summary>
    public FlipAxes SegmentationFlips { get; set; } = FlipAxes.None;

    /// <summary>Augmented patches per candidate for the reclassifier (paper 002 Eq. 10-11); fewer is faster on CPU.</summary>
    public int PatchesPerLesion { get; set; } = 4;

    /// <summary>Lowest patch-averaged overlap share a candidate needs to be kept (0..1; the detection core's
    /// <c>ReclassificationOptions.MinScore</c>); null uses the core's calibrated default, 0 the paper's Eq. 11 alone.</summary>
    public double? ReclassifierMinScore { get; set; }

    /// <summary>The high-sensitivity operating point's lesion probability factor (paper 002 Eq. 3; the detection core's
    /// <c>OperatingPoint.High</c>); null uses the core's default (3).</summary>
    public float? HighLesionScale { get; set; }

    /// <summary>Candidates larger than this (cm3) skip the reclassifier and are kept as found (the detection core's
    /// <c>ReclassificationOptions.MaxLesionVolumeCc</c>); null uses the core's default (paper 002 IV-B1: 64 cm3).</summary>
    public double? ReclassifierMaxLesionCc { get; set; }
}
