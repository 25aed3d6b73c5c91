namespace LiverScreen.Contracts;

/// <summary>Event: a named batch of studies was submitted for screening.</summary>
public sealed record BatchSubmitted(Guid BatchId, string Name, int StudyCount, DateTimeOffset SubmittedAt);
