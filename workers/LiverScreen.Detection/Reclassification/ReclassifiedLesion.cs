using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;

namespace LiverScreen.Detection.Reclassification;

/// <summary>
/// A candidate after reclassification (paper 002 Eq. 8-11). <see cref="Lesion"/> carries the voted type.
/// <see cref="OverlapCc"/> is the patch-averaged overlap volume of Eq. 11 (the keep/discard statistic);
/// <see cref="Score"/> the patch-averaged fraction of the candidate the reclassifier also calls lesion (0..1), and
/// <see cref="ScoreVariance"/> its variance over the augmented patches (test-time augmentation spread, paper 001).
/// Skipped (too large) candidates have Score 1 and variance 0. Candidates discarded without a model call have
/// Patches 0; <see cref="BesideLiver"/> says when that was because they lie beside the liver, not in it.
/// </summary>
public sealed record ReclassifiedLesion(
    DetectedLesion Lesion,
    LesionType OriginalType,
    bool Kept,
    bool Skipped,
    double OverlapCc,
    double Score,
    double ScoreVariance,
    int Patches)
{
    /// <summary>Discarded unseen because its rim is mostly outside the segmented liver (<see cref="ReclassificationOptions.MaxOutsideRim"/>).</summary>
    public bool BesideLiver { get; init; }
}
