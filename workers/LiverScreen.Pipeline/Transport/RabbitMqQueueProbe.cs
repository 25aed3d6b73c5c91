using LiverScreen.Pipeline.Hosting;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LiverScreen.Pipeline.Transport;

/// <summary>
/// Asks the broker which stage queues exist and how many consumers each has (passive declares, nothing is created).
/// `screen --distributed` uses it before submitting: a message published before any worker declared its queue is
/// dropped by the broker (no binding yet), and a stage nobody consumes leaves the batch waiting there.
/// </summary>
public static class RabbitMqQueueProbe
{
    /// <summary>The queues a batch passes through, with the component that consumes each.</summary>
    public static IReadOnlyList<(PipelineComponent Component, string Queue)> BatchQueues { get; } =
    [
        (PipelineComponent.Ingest, EndpointNames.Ingest),
        (PipelineComponent.Align, EndpointNames.Align),
        (PipelineComponent.Segment, EndpointNames.Segment),
        (PipelineComponent.Reclassify, EndpointNames.Reclassify),
        (PipelineComponent.Triage, EndpointNames.Triage),
        (PipelineComponent.Aggregation, EndpointNames.BatchTracking),
    ];

    /// <summary>Consumers per queue; null for a queue that does not exist.</summary>
    public static async Task<IReadOnlyDictionary<string, uint?>> ConsumersAsync(RabbitMqBrokerOptions broker, IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(queues);
        broker.ThrowIfInvalid();
        var factory = new ConnectionFactory { Uri = broker.Uri!, ClientProvidedName = "liverscreen-probe" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        var result = new Dictionary<string, uint?>(StringComparer.Ordinal);
        foreach (var queue in queues)
        {
            // A passive declare of a missing queue closes its channel, so each probe gets a channel of its own.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                result[queue] = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).ConsumerCount;
            }
            catch (OperationInterruptedException)
            {
                result[queue] = null;
            }
        }

        return result;
    }
}
