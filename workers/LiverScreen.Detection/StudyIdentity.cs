using LiverScreen.Contracts.Results;

namespace LiverScreen.Detection;

/// <summary>Who and what a result is about: ids, setting, series and the grid lesion coordinates refer to.</summary>
public sealed record StudyIdentity(
    string StudyInstanceUid,
    string? PatientId,
    StudySetting Setting,
    IReadOnlyList<PhaseResult> Phases,
    string? ReferenceSeriesInstanceUid);
