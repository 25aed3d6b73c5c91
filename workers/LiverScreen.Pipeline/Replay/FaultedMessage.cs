using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Replay;

/// <summary>A message in an error queue, as `replay` lists it.</summary>
public sealed record FaultedMessage(Guid Id, Guid BatchId, string StudyKey, StageName Stage, string MessageType, string Error, DateTimeOffset FaultedAt);
