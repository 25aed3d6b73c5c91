using LiverScreen.Contracts.Results;

namespace LiverScreen.Evaluation.Truth;

/// <summary>One study of truth.json (docs/formats.md); fields the evaluation does not use are ignored.</summary>
public sealed record TruthStudy(
    string StudyInstanceUid,
    string? PatientId,
    string? Folder,
    StudySetting Setting,
    PatientClass PatientClass,
    bool Malignant,
    IReadOnlyList<TruthLesion> Lesions);
