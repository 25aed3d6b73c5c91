namespace LiverScreen.Contracts.Results;

/// <summary>
/// The outcome of one model variant of paper 002 (section IV-C3): "base" (Eq. 3 factor 1, no reclassification),
/// "base+recls", "high+recls". Kept in every result so the evaluation reproduces Tables II-IV from one document.
/// </summary>
public sealed record OperatingPointResult(
    string Name,
    double LesionScale,
    bool Reclassified,
    PatientClass PatientClass,
    bool Malignant,
    IReadOnlyList<ResultLesion> Lesions);
