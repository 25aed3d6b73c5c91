using LiverScreen.Contracts;
using LiverScreen.Dicom.Phases;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// Study-level consistency check over the per-series phase calls of <see cref="PhaseIdentifier"/> (where the image
/// wins over the header). The image reading is trusted unless it is impossible for the study as a whole: two series
/// read as the same phase while their headers name different phases, or no series reads as NC while a header names
/// one. Then the header phases are used for every series that has one (confidence capped at 0.6, the identifier's own
/// header-only ceiling) and the evidence says why. On the synthetic phantoms the aorta finder reads the NC aorta at
/// 250-300 HU (AP), which made every study lose its NC series; this keeps such studies screenable.
/// </summary>
public static class StudyPhaseResolver
{
    public const double HeaderOnlyConfidence = 0.6;

    public static IReadOnlyList<(Phase Phase, double Confidence, string? Note)> Resolve(IReadOnlyList<PhaseResult> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var known = series.Where(s => s.Phase != Phase.Unknown).ToList();
        var collision = known.GroupBy(s => s.Phase).Any(g => g.Count() > 1 && g.Select(s => s.HeaderPhase).Where(h => h != Phase.Unknown).Distinct().Count() > 1);
        var lostNc = !series.Any(s => s.Phase == Phase.NC) && series.Any(s => s.HeaderPhase == Phase.NC);
        if (!collision && !lostNc)
        {
            return series.Select(s => (s.Phase, s.Confidence, (string?)null)).ToList();
        }

        var why = collision
            ? "the image reading gives two series the same phase while their headers differ"
            : "the image reading finds no NC series while a header names one";
        return series.Select(s => s.HeaderPhase != Phase.Unknown && s.HeaderPhase != s.Phase
                ? (s.HeaderPhase, Math.Min(s.Confidence, HeaderOnlyConfidence), (string?)$"study check: {why}; header phase {s.HeaderPhase} used instead of image phase {s.Phase}")
                : (s.Phase, s.Confidence, (string?)null))
            .ToList();
    }
}
