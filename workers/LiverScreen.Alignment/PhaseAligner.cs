using LiverScreen.Alignment.Registration;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment;

/// <summary>
/// The alignment stage's pure core: choose the reference (<see cref="ReferencePhaseRule"/>), register every other
/// phase onto it (<see cref="ImageRegistration"/>), and resample the phases that pass QA onto one grid (the reference
/// grid, or the model's working spacing). Fallback: a phase that fails QA is dropped; if NC itself fails against a
/// contrast reference, the study continues NC-only on NC's own grid (the screening setting, which the model always
/// supports) rather than mixing phases that may be misaligned.
/// </summary>
public static class PhaseAligner
{
    public static AlignmentResult Align(IReadOnlyDictionary<Phase, Volume<short>> phases, AlignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var o = options ?? new AlignmentOptions();
        var known = phases.Keys.Where(p => p != Phase.Unknown).ToArray();
        var reference = ReferencePhaseRule.Choose(known);
        var alignments = new List<PhaseAlignment> { new(reference, true, null, PhaseTransform.Identity, null, TimeSpan.Zero) };
        // The reference's pyramid, masks and samples are built once for all the phases registered onto it.
        var prepared = known.Length > 1 ? PreparedReference.Prepare(ImageRegistration.ToFloat(phases[reference]), o.Registration) : null;
        foreach (var phase in known.Where(p => p != reference).Order())
        {
            var outcome = ImageRegistration.Register(prepared!, ImageRegistration.ToFloat(phases[phase]));
            alignments.Add(new PhaseAlignment(phase, outcome.Passed, outcome.FailureReason, outcome.Transform, outcome.Quality, outcome.Elapsed));
        }

        if (phases.ContainsKey(Phase.Unknown))
        {
            alignments.Add(new PhaseAlignment(Phase.Unknown, false, "phase type unknown: not used", PhaseTransform.Identity, null, TimeSpan.Zero));
        }

        var nc = alignments.FirstOrDefault(a => a.Phase == Phase.NC);
        if (nc is { Passed: false } && reference != Phase.NC)
        {
            // NC-only at worst: NC becomes the reference of a screening-setting study; the contrast phases are dropped.
            var reason = $"dropped: NC failed to align to {reference} ({nc.FailureReason}), study continues NC-only";
            var fallback = alignments
                .Select(a => a.Phase == Phase.NC
                    ? a with { Passed = true, FailureReason = null, Transform = PhaseTransform.Identity }
                    : a with { Passed = false, FailureReason = a.Passed ? reason : a.FailureReason })
                .ToArray();
            var ncGrid = GridFor(phases[Phase.NC].Geometry, o);
            return new AlignmentResult(Phase.NC, ncGrid, fallback,
                new Dictionary<Phase, Volume<float>> { [Phase.NC] = Resampler.Linear(phases[Phase.NC], ncGrid) });
        }

        var grid = GridFor(phases[reference].Geometry, o);
        var volumes = new Dictionary<Phase, Volume<float>>();
        foreach (var a in alignments.Where(a => a.Passed))
        {
            volumes[a.Phase] = Resampler.Linear(phases[a.Phase], grid, a.Phase == reference ? null : a.Transform);
        }

        return new AlignmentResult(reference, grid, alignments, volumes);
    }

    private static VolumeGeometry GridFor(VolumeGeometry reference, AlignmentOptions o) =>
        o.OutputSpacingMm is { } spacing ? Resampler.WithSpacing(reference, spacing) : reference;
}
