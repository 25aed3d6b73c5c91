using LiverScreen.Alignment.Quality;

namespace LiverScreen.Alignment;

/// <summary>The result of registering one moving phase onto the reference: the transform (always returned, so a
/// failed one can still be inspected), its QA, and whether it passed; <see cref="FailureReason"/> says why not.</summary>
public sealed record RegistrationOutcome(
    PhaseTransform Transform,
    RegistrationQuality Quality,
    bool Passed,
    string? FailureReason,
    TimeSpan Elapsed)
{
    /// <summary>Seconds since the start at which each stage ended (pyramid, rigid, affine, deformable, qa).</summary>
    public IReadOnlyDictionary<string, double> StageEndSeconds { get; init; } = new Dictionary<string, double>();
}
