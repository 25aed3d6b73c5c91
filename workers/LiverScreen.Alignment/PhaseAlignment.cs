using LiverScreen.Alignment.Quality;
using LiverScreen.Contracts;

namespace LiverScreen.Alignment;

/// <summary>How one phase was aligned onto the reference: its transform (reference point -> this phase's original
/// series point), QA, and whether it may be used downstream. The reference phase itself has the identity, passes,
/// and has no QA.</summary>
public sealed record PhaseAlignment(
    Phase Phase,
    bool Passed,
    string? FailureReason,
    PhaseTransform Transform,
    RegistrationQuality? Quality,
    TimeSpan Elapsed);
