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
    /// <summary>HU given to output voxels that map outside a phase's series: air, as the short-HU resampler does.</summary>
    private const float OutsideHu = -1024f;

    public static AlignmentResult Align(IReadOnlyDictionary<Phase, Volume<short>> phases, AlignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var o = options ?? new AlignmentOptions();
        var known = phases.Keys.Where(p => p != Phase.Unknown).ToArray();
        var reference = ReferencePhaseRule.Choose(known);
        var alignments = new List<PhaseAlignment> { new(reference, true, null, PhaseTransform.Identity, null, TimeSpan.Zero) };
        // The reference's pyramid, masks and samples are built once for all the phases registered onto it.
        // HU as float once per phase: registration reads it, and so does the final resampling onto the common grid.
        var converted = new Volume<float>[known.Length];
        Parallel.For(0, known.Length, i => converted[i] = phases[known[i]].ToFloat());
        var floats = known.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => converted[x.i]);
        var prepared = known.Length > 1 ? PreparedReference.Prepare(floats[reference], o.Registration) : null;
        // The phases register independently against the shared, read-only reference: side by side, each one's
        // single-threaded parts (its pyramid's index maps, body mask, QA) overlap the others' parallel loops. Each
        // registration is deterministic on its own, and results are kept in phase order, so the outcome is too.
        var moving = known.Where(p => p != reference).Order().ToArray();
        var outcomes = new RegistrationOutcome[moving.Length];
        // Each phase that passes is resampled onto the output grid as soon as it is registered, so that work overlaps the
        // other phases' registration instead of queueing behind all of them (used unless NC fails, see below).
        var grid = GridFor(phases[reference].Geometry, o);
        var resampled = new Volume<float>?[moving.Length];
        // One more work item: the reference onto the output grid (needs no registration). As an item of the same loop it
        // fills a core that would otherwise idle while the last phase registers, instead of running after all of them.
        Volume<float>? referenceOnGrid = null;
        Parallel.For(0, moving.Length + 1, i =>
        {
            if (i == moving.Length)
            {
                referenceOnGrid = Resampler.Linear(floats[reference], grid, null, OutsideHu);
                return;
            }

            outcomes[i] = ImageRegistration.Register(prepared!, floats[moving[i]]);
            resampled[i] = outcomes[i].Passed ? PhaseResampler.Linear(floats[moving[i]], grid, outcomes[i].Transform, OutsideHu) : null;
        });
        for (var i = 0; i < moving.Length; i++)
        {
            var outcome = outcomes[i];
            alignments.Add(new PhaseAlignment(moving[i], outcome.Passed, outcome.FailureReason, outcome.Transform, outcome.Quality, outcome.Elapsed));
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
                new Dictionary<Phase, Volume<float>> { [Phase.NC] = Resampler.Linear(floats[Phase.NC], ncGrid, null, OutsideHu) });
        }

        var volumes = new Dictionary<Phase, Volume<float>>();
        foreach (var a in alignments.Where(a => a.Passed))
        {
            volumes[a.Phase] = a.Phase == reference ? referenceOnGrid! : resampled[Array.IndexOf(moving, a.Phase)]!;
        }

        return new AlignmentResult(reference, grid, alignments, volumes);
    }

    private static VolumeGeometry GridFor(VolumeGeometry reference, AlignmentOptions o) =>
        o.OutputSpacingMm is { } spacing ? Resampler.WithSpacing(reference, spacing) : reference;
}
