namespace LiverScreen.Contracts;

/// <summary>Event: a study's series were read into HU volumes and each got a phase.</summary>
public sealed record StudyIngested(
    Guid BatchId,
    string StudyKey,
    string StudyInstanceUid,
    string PatientId,
    IReadOnlyList<SeriesVolumeRef> Series,
    string StudyInfoKey);
