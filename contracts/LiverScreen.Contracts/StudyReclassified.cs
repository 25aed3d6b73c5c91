namespace LiverScreen.Contracts;

/// <summary>Event: the reclassifier removed false positives and corrected types (paper 002 Eq. 8-11).</summary>
public sealed record StudyReclassified(
    Guid BatchId,
    string StudyKey,
    string StudyInstanceUid,
    string LesionsKey,
    ModelRef Model);
