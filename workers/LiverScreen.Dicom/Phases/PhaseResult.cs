using LiverScreen.Contracts;

namespace LiverScreen.Dicom.Phases;

/// <summary>
/// A series' phase with a confidence in [0, 1] and the evidence, one line per cue. <see cref="HeaderPhase"/> and
/// <see cref="ImagePhase"/> are what each side alone says; when both are known and differ the image wins and
/// <see cref="Disagreement"/> is true.
/// </summary>
public sealed record PhaseResult(
    Phase Phase,
    double Confidence,
    IReadOnlyList<string> Evidence,
    Phase HeaderPhase,
    Phase ImagePhase,
    ImagePhaseMeasurement? Image,
    bool Disagreement);
