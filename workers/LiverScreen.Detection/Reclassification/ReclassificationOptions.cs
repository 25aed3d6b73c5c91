using LiverScreen.Imaging;

namespace LiverScreen.Detection.Reclassification;

/// <summary>Settings of lesion reclassification (paper 002 section III-B and IV-B1).</summary>
public sealed record ReclassificationOptions
{
    /// <summary>Patch size in voxels (x, y, z). Paper 002 IV-B1 uses about 8 x 10 x 10 cm; 64 x 64 x 16 voxels on the
    /// 1.5 x 1.5 x 5 mm working grid is 9.6 x 9.6 x 8 cm and divisible by 2^4 for the U-Net.</summary>
    public Size3 PatchSize { get; init; } = new(64, 64, 16);

    /// <summary>Augmented patches per candidate (paper 002 IV-B1, Fig. 5): the first is the centred original, the others
    /// random shifts and flips, one of them a shuffled positive (the lesion transplanted into lesion-free liver).</summary>
    public int PatchesPerLesion { get; init; } = 6;

    /// <summary>Largest random shift of the patch centre, voxels (x, y, z); keeps the lesion inside the patch.</summary>
    public Size3 MaxShift { get; init; } = new(8, 8, 2);

    /// <summary>Candidates larger than this skip reclassification and are kept as found (paper 002 IV-B1: 64 cm3).</summary>
    public double MaxLesionVolumeCc { get; init; } = 64.0;

    /// <summary>
    /// At most this many candidates per operating point go through the reclassifier (each costs
    /// <see cref="PatchesPerLesion"/> model patches); the rest, lowest mean lesion probability first, are discarded
    /// unseen (<see cref="ReclassifiedLesion.Patches"/> = 0). A well-trained model yields a handful of candidates, but a
    /// weak one at the high-sensitivity point gave 157 (the reclassifier then cost 3-4 times the segmentation). Paper 002
    /// has no such limit; it bounds the cost, not the result, whenever the candidates fit. 0 = no limit.
    /// </summary>
    public int MaxCandidates { get; init; } = 48;

    /// <summary>
    /// Candidates (up to <see cref="MaxLesionVolumeCc"/>) whose in-plane rim is more than this share outside the
    /// segmented liver (<see cref="Lesions.LiverRim"/>) are discarded before the reclassifier sees them (Patches = 0):
    /// they lie beside the liver, not in it. An extension of paper 002; 1 turns it off.
    /// </summary>
    public double MaxOutsideRim { get; init; } = 0.5;

    /// <summary>Discard threshold on the patch-averaged overlap volume (paper 002 IV-B1 / Eq. 11: 0.5 cm3).</summary>
    public double MinOverlapCc { get; init; } = 0.5;

    /// <summary>
    /// Second discard threshold, on the patch-averaged share of the candidate the reclassifier also calls lesion
    /// (<see cref="ReclassifiedLesion.Score"/>, 0..1). Eq. 11 alone keeps a 10 cm3 candidate that the reclassifier
    /// confirms in a tenth of its voxels (1 cm3 >= 0.5 cm3); such partial confirmations were mostly false positives.
    /// An extension of paper 002, calibrated on a tuning cohort (docs/detection.md); 0 = the paper's rule alone.
    /// </summary>
    public double MinScore { get; init; } = 0.25;

    /// <summary>Include one shuffled-positive patch when lesion-free liver room is found (paper 002 Eq. 9).</summary>
    public bool ShuffledPositive { get; init; } = true;

    /// <summary>HU window of the model card's normalisation: clip, then map linearly to [-1, 1].</summary>
    public double WindowMinHu { get; init; } = -200;

    public double WindowMaxHu { get; init; } = 400;

    /// <summary>Smoothing added to each vote share before it is multiplied by the typing model's probabilities
    /// (<see cref="Typing.TypeFusion"/>); only used when a typing model is installed.</summary>
    public double TypingEpsilon { get; init; } = 0.05;

    public static ReclassificationOptions Default { get; } = new();
}
