namespace LiverScreen.Contracts;

/// <summary>Event: contrast phases are on one reference grid. Phases that failed QA are listed with Passed=false
/// and are not used downstream.</summary>
public sealed record StudyAligned(
    Guid BatchId,
    string StudyKey,
    string StudyInstanceUid,
    string ReferenceSeriesInstanceUid,
    IReadOnlyList<AlignedPhaseRef> Phases);
