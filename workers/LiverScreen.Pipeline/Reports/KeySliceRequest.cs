using LiverScreen.Pipeline.Stages;

namespace LiverScreen.Pipeline.Reports;

/// <summary>Which lesion to picture: the study (its stage outputs live under <see cref="StageKeys.StudyPrefix"/>) and
/// the lesion with its key slice on the reference grid.</summary>
public sealed record KeySliceRequest(Guid BatchId, string StudyKey, string? StudyInstanceUid, LesionFinding Lesion);
