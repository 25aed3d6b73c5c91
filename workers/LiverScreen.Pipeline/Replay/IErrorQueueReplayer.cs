namespace LiverScreen.Pipeline.Replay;

/// <summary>
/// Puts messages that exhausted their retries back on their stage's queue after a fix. The embedded default replays
/// the durable copies in the results database (<see cref="DatabaseErrorQueueReplayer"/>): the in-memory transport's
/// _error queues die with the process. A broker implementation (RabbitMQ: move "{queue}_error" -> "{queue}") plugs in
/// behind this interface in Hosting/PipelineTransport.cs.
/// </summary>
public interface IErrorQueueReplayer
{
    /// <summary>Faulted messages not yet replayed (optionally of one stage), oldest first.</summary>
    Task<IReadOnlyList<FaultedMessage>> ListAsync(Contracts.StageName? stage, CancellationToken cancellationToken);

    /// <summary>Re-publishes them and marks them replayed; returns what was replayed.</summary>
    Task<IReadOnlyList<FaultedMessage>> ReplayAsync(Contracts.StageName? stage, CancellationToken cancellationToken);
}
