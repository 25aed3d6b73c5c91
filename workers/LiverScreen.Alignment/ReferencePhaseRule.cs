using LiverScreen.Contracts;

namespace LiverScreen.Alignment;

/// <summary>
/// Which phase every other phase is registered onto. VP when present, as in paper 004 (LIDIA registered all phases
/// to the venous phase): liver, portal and hepatic veins are all enhanced, so it shares structure with every other
/// phase. Without VP, NC: it is in every study (screening and diagnosis), the segmentation model can never do
/// without it, and keeping it unresampled means a failed registration can never damage it. This matches the
/// phantom generator's <c>referencePhase</c> (docs/formats.md).
/// </summary>
public static class ReferencePhaseRule
{
    public static Phase Choose(IReadOnlyCollection<Phase> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        if (available.Contains(Phase.VP))
        {
            return Phase.VP;
        }

        if (available.Contains(Phase.NC))
        {
            return Phase.NC;
        }

        // No VP and no NC (unusual): the latest contrast phase present, DP before AP, for the same reason as VP.
        foreach (var p in (ReadOnlySpan<Phase>)[Phase.DP, Phase.AP])
        {
            if (available.Contains(p))
            {
                return p;
            }
        }

        throw new ArgumentException("No phase with a known type (NC, AP, VP, DP) to register onto.", nameof(available));
    }
}
