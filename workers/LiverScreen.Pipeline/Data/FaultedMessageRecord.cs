using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Data;

/// <summary>
/// A durable copy of a stage message that exhausted its retries (the transport's _error queue holds the message too,
/// but the in-memory transport's queues die with the process). `liverscreen replay` re-publishes these.
/// </summary>
public sealed class FaultedMessageRecord
{
    public Guid Id { get; set; }
    public Guid BatchId { get; set; }
    public string StudyKey { get; set; } = "";
    public StageName Stage { get; set; }

    /// <summary>The contract type's full name (e.g. LiverScreen.Contracts.StudyAligned).</summary>
    public string MessageType { get; set; } = "";
    public string MessageJson { get; set; } = "";
    public string ExceptionType { get; set; } = "";
    public string ExceptionMessage { get; set; } = "";
    public DateTimeOffset FaultedAt { get; set; }
    public DateTimeOffset? ReplayedAt { get; set; }
}
