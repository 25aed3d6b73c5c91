using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Reclassification;

namespace LiverScreen.Detection.Patient;

/// <summary>
/// Per-study confidence and malignancy score. Paper 001 turns the spread of test-time predictions into a confidence
/// (1 - variance) and shows that abstaining on the least confident 30% raises accuracy; we combine three signals that
/// each predict errors of paper 002's cascade:
/// <list type="number">
/// <item>agreement of the two operating points (section V-B): disagreement is an uncertain case, confidence at most 0.35;</item>
/// <item>margin of the evidence: for a lesion-positive class, the reclassifier score of the best lesion of that class
/// (higher if the base point found it too); against any class, the best score among candidates the reclassifier
/// discarded whose type would have changed the patient class (a near-miss that almost flipped the decision);</item>
/// <item>stability under test-time augmentation: the mean standard deviation of the per-patch scores (flips, shifts).</item>
/// </list>
/// confidence = 0.5 + 0.5 * support * (1 - contrary) * stability for agreeing cases; every factor is in [0, 1].
/// </summary>
public static class StudyConfidence
{
    public static double Compute(StudyDetection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var joint = detection.Joint;
        var high = detection.HighRecls;
        var stability = Stability(high.Kept.Concat(high.Discarded).Concat(detection.BaseRecls.Kept));
        if (joint.Uncertain)
        {
            return (joint.MalignancyAgrees ? 0.35 : 0.2) * stability;
        }

        var cls = joint.BaseRecls;
        double support = 1.0;
        if (cls != PatientClass.Normal)
        {
            support = high.Kept
                .Where(l => (PatientClass)l.Lesion.Type == cls)
                .Select(l => Math.Clamp(l.Score, 0, 1) * (detection.HighFoundAtBase.Contains(l.Lesion.Id) ? 1.0 : 0.7))
                .DefaultIfEmpty(0.5)
                .Max();
        }

        var rank = PatientClassifier.Rank(cls);
        var contrary = high.Discarded
            .Where(l => PatientClassifier.Rank(l.OriginalType) < rank || PatientClassifier.Rank(l.Lesion.Type) < rank)
            .Select(l => Math.Clamp(l.Score, 0, 1))
            .DefaultIfEmpty(0)
            .Max();
        return Math.Clamp(0.5 + 0.5 * support * (1 - contrary) * stability, 0, 1);
    }

    /// <summary>
    /// 0..1: how strongly the study shows malignancy. A malignant High+ReCls lesion gives 0.5 + 0.5 * its score (so any
    /// kept malignant lesion ranks above every study without one); otherwise 0.5 * the best score of a discarded
    /// candidate that was called malignant before or after voting.
    /// </summary>
    public static double MalignancyScore(StudyDetection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var high = detection.HighRecls;
        var kept = high.Kept.Where(l => PatientClassifier.IsMalignant(l.Lesion.Type)).Select(l => Math.Clamp(l.Score, 0, 1)).ToList();
        if (kept.Count > 0)
        {
            return 0.5 + 0.5 * kept.Max();
        }

        return 0.5 * high.Discarded
            .Where(l => PatientClassifier.IsMalignant(l.OriginalType) || PatientClassifier.IsMalignant(l.Lesion.Type))
            .Select(l => Math.Clamp(l.Score, 0, 1))
            .DefaultIfEmpty(0)
            .Max();
    }

    private static double Stability(IEnumerable<ReclassifiedLesion> lesions)
    {
        var spreads = lesions.Where(l => !l.Skipped && l.Patches > 1).Select(l => Math.Sqrt(Math.Max(l.ScoreVariance, 0))).ToList();

        // A standard deviation of 0.5 (the largest possible for scores in [0, 1]) means no stability at all.
        return spreads.Count == 0 ? 1.0 : Math.Clamp(1 - 2 * spreads.Average(), 0, 1);
    }
}
