namespace LiverScreen.Contracts;

/// <summary>Event: the segmentation model ran; probability maps and the lesion candidates found at each
/// operating point (multi-sensitivity detection, paper 002 Eq. 3) are stored.</summary>
public sealed record StudySegmented(
    Guid BatchId,
    string StudyKey,
    string StudyInstanceUid,
    string ProbabilitiesKey,
    string CandidatesKey,
    ModelRef Model);
