namespace LiverScreen.Contracts;

/// <summary>Event: a study ended in a permanent fault. It never blocks the batch.
/// <paramref name="File"/> names the offending file where one is known.</summary>
public sealed record StudyFailed(
    Guid BatchId,
    string StudyKey,
    string? StudyInstanceUid,
    StageName Stage,
    string ErrorCode,
    string Message,
    string? File);
