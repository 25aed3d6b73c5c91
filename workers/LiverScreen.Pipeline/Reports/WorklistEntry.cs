using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Reports;

/// <summary>A patient for the follow-up coordinator. Priority 1 = suspected malignant, 2 = uncertain; within a priority,
/// higher confidence first.</summary>
public sealed record WorklistEntry(
    int Priority,
    string StudyKey,
    string? PatientId,
    string? StudyInstanceUid,
    TriageCategory Category,
    double Confidence,
    string Reason,
    string? Site,
    IReadOnlyList<WorklistLesion> Lesions);
