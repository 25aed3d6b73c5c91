using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Reclassification;

namespace LiverScreen.Detection;

/// <summary>
/// One model variant's lesions (paper 002 IV-C3): <see cref="Kept"/> survived reclassification (or all candidates when
/// <see cref="Reclassified"/> is false), <see cref="Discarded"/> were removed as false positives (Eq. 11).
/// For the variant without reclassification each lesion's Score is its mean (unscaled) class probability.
/// </summary>
public sealed record OperatingPointDetection(
    string Name,
    float LesionScale,
    bool Reclassified,
    IReadOnlyList<ReclassifiedLesion> Kept,
    IReadOnlyList<ReclassifiedLesion> Discarded,
    PatientClass PatientClass);
