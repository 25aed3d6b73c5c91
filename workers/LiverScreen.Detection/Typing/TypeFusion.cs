using LiverScreen.Contracts;
using LiverScreen.Detection.Patient;
using LiverScreen.Detection.Reclassification;

namespace LiverScreen.Detection.Typing;

/// <summary>
/// The final type of a reclassified candidate when a <see cref="LesionTypingModel"/> is installed: the reclassifier's
/// volume-weighted vote (paper 002 V-C4) read as a distribution over types, smoothed by <c>epsilon</c> so a type the
/// patches never voted can still win on a clear enhancement pattern, times the typing model's probabilities
/// (a product of experts). One asymmetry: a candidate the vote calls malignant (HCC, ICC, Meta) is never typed benign
/// by the fusion; it keeps its voted type instead. Missing a malignancy costs a screening programme more than a
/// follow-up of a benign lesion, and on the phantom cohorts the typing model's errors that cost a malignant patient
/// were exactly these (HCC read as FNH / "Other": both enhance in the arterial phase; docs/models.md, "Session 16").
/// An extension of paper 002; without a typing model the vote alone decides.
/// </summary>
public static class TypeFusion
{
    /// <param name="votes">Voxel votes indexed by segmentation label (<see cref="SegmentationLabel"/>); lesion labels are read.</param>
    /// <param name="probabilities">Typing probabilities in <see cref="LesionTypingModel.Types"/> order.</param>
    /// <param name="epsilon">Added to each vote share (0..1).</param>
    /// <returns>The fused type (ties go to the higher-priority type, Eq. 12 order, as the vote's do), or the voted type
    /// when that is malignant and the fused one is not.</returns>
    public static LesionType Fuse(ReadOnlySpan<long> votes, ReadOnlySpan<double> probabilities, double epsilon)
    {
        var types = LesionTypingModel.Types;
        if (probabilities.Length != types.Length)
        {
            throw new ArgumentException($"Expected {types.Length} type probabilities, got {probabilities.Length}.", nameof(probabilities));
        }

        long total = 0;
        foreach (var t in types)
        {
            total += votes[(int)t];
        }

        var voted = LesionReclassifier.VotedType(votes) ?? types[0];

        var best = types[0];
        var bestScore = double.NegativeInfinity;
        for (var k = 0; k < types.Length; k++)
        {
            var share = total == 0 ? 1.0 / types.Length : (double)votes[(int)types[k]] / total;
            var score = (share + epsilon) * probabilities[k];
            if (score > bestScore)
            {
                bestScore = score;
                best = types[k];
            }
        }

        return PatientClassifier.IsMalignant(voted) && !PatientClassifier.IsMalignant(best) ? voted : best;
    }
}
