using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment;

/// <summary>
/// The alignment stage's result: the reference phase, the common output grid, every phase's alignment (passed or
/// flagged), and the phases that passed resampled onto the grid (HU as float). Downstream uses only
/// <see cref="Volumes"/>; a flagged phase is absent there and reads as "missing" to the model.
/// </summary>
public sealed record AlignmentResult(
    Phase ReferencePhase,
    VolumeGeometry Grid,
    IReadOnlyList<PhaseAlignment> Phases,
    IReadOnlyDictionary<Phase, Volume<float>> Volumes)
{
    /// <summary>Phases that passed QA (the reference included), in channel order NC, AP, VP, DP.</summary>
    public IReadOnlyList<Phase> PassedPhases => Phases.Where(p => p.Passed).Select(p => p.Phase).Order().ToArray();

    public PhaseAlignment this[Phase phase] => Phases.First(p => p.Phase == phase);
}
