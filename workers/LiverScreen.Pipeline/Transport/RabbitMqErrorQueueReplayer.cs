using System.Globalization;
using System.Text;
using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Logging;
using LiverScreen.Pipeline.Replay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LiverScreen.Pipeline.Transport;

/// <summary>
/// `replay` over RabbitMQ: moves each stage's "{queue}_error" messages back into "{queue}" unchanged (same envelope, so
/// the consumer's idempotency key still matches), minus MassTransit's MT-Fault-* headers. Publishes go to the exchange
/// named like the queue (MassTransit binds it to the queue; a quorum queue must not be addressed as "queue:"), with
/// publisher confirms, and the error copy is acknowledged only after the broker confirmed the re-publish: a crash in
/// between duplicates a message (harmless: consumers are idempotent) but never loses one. The database's copies of the
/// faults (faulted_messages) are marked replayed and the stage state goes back to Running, as in the embedded replay.
/// </summary>
public sealed class RabbitMqErrorQueueReplayer(RabbitMqBrokerOptions broker, IDbContextFactory<ResultsDbContext> dbFactory, TimeProvider clock,
    ILogger<RabbitMqErrorQueueReplayer> logger) : IErrorQueueReplayer
{
    private static readonly (StageName Stage, string Queue)[] StageQueues =
    [
        (StageName.Ingest, EndpointNames.Ingest),
        (StageName.Align, EndpointNames.Align),
        (StageName.Segment, EndpointNames.Segment),
        (StageName.Reclassify, EndpointNames.Reclassify),
        (StageName.Triage, EndpointNames.Triage),
    ];

    public async Task<IReadOnlyList<FaultedMessage>> ListAsync(StageName? stage, CancellationToken cancellationToken)
    {
        var found = new List<FaultedMessage>();
        await using var connection = await Connect(cancellationToken);
        foreach (var (name, queue) in Selected(stage))
        {
            // Peek: get without acknowledging, then close the channel so the broker puts every message back.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            var count = await ErrorCount(connection, queue, cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var got = await channel.BasicGetAsync(queue + "_error", autoAck: false, cancellationToken);
                if (got is null)
                {
                    break;
                }

                found.Add(Describe(got, name));
            }
        }

        return found.OrderBy(f => f.FaultedAt).ToList();
    }

    public async Task<IReadOnlyList<FaultedMessage>> ReplayAsync(StageName? stage, CancellationToken cancellationToken)
    {
        var replayed = new List<FaultedMessage>();
        await using var connection = await Connect(cancellationToken);
        foreach (var (name, queue) in Selected(stage))
        {
            // Only the messages present now: a message that faults again while we work lands behind them and waits
            // for the next replay instead of looping.
            var count = await ErrorCount(connection, queue, cancellationToken);
            if (count == 0)
            {
                continue;
            }

            await using var channel = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
            for (var i = 0; i < count; i++)
            {
                var got = await channel.BasicGetAsync(queue + "_error", autoAck: false, cancellationToken);
                if (got is null)
                {
                    break;
                }

                var described = Describe(got, name);
                var properties = new BasicProperties(got.BasicProperties);
                if (properties.Headers is { } headers)
                {
                    properties.Headers = headers.Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && h.Key != "MT-Reason")
                        .ToDictionary(h => h.Key, h => h.Value);
                }

                await MarkReplayed(described, cancellationToken);
                // Throws when the broker does not confirm; the unacknowledged error copy then returns to the _error queue.
                await channel.BasicPublishAsync(queue, string.Empty, mandatory: false, properties, got.Body, cancellationToken);
                await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
                replayed.Add(described);
            }
        }

        logger.Replayed(replayed.Count);
        return replayed;
    }

    private async Task MarkReplayed(FaultedMessage message, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await db.FaultedMessages
            .Where(f => f.BatchId == message.BatchId && f.StudyKey == message.StudyKey && f.Stage == message.Stage && f.ReplayedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            row.ReplayedAt = now;
        }

        var state = await db.StageStates.FindAsync([message.BatchId, message.StudyKey, message.Stage], cancellationToken);
        if (state is { Status: StageStatus.Faulted })
        {
            state.Status = StageStatus.Running;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static IEnumerable<(StageName Stage, string Queue)> Selected(StageName? stage) =>
        StageQueues.Where(s => stage is null || s.Stage == stage);

    private async Task<IConnection> Connect(CancellationToken cancellationToken)
    {
        broker.ThrowIfInvalid();
        var factory = new ConnectionFactory { Uri = broker.Uri!, ClientProvidedName = "liverscreen-replay" };
        return await factory.CreateConnectionAsync(cancellationToken);
    }

    /// <summary>Messages in "{queue}_error"; 0 when the queue was never declared (no message of that stage ever failed).</summary>
    private static async Task<uint> ErrorCount(IConnection connection, string queue, CancellationToken cancellationToken)
    {
        // A passive declare of a missing queue closes its channel, so it gets a channel of its own.
        await using var probe = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            var ok = await probe.QueueDeclarePassiveAsync(queue + "_error", cancellationToken);
            return ok.MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return 0;
        }
    }

    /// <summary>Reads study, batch and fault details from the MassTransit envelope and fault headers.</summary>
    private static FaultedMessage Describe(BasicGetResult got, StageName stage)
    {
        using var doc = JsonDocument.Parse(got.Body);
        var root = doc.RootElement;
        var message = Property(root, "message");
        var batchId = message is { } m && Property(m, "batchId") is { ValueKind: JsonValueKind.String } b && Guid.TryParse(b.GetString(), out var g) ? g : Guid.Empty;
        var studyKey = message is { } m2 && Property(m2, "studyKey") is { ValueKind: JsonValueKind.String } s ? s.GetString() ?? "" : "";
        var messageType = Property(root, "messageType") is { ValueKind: JsonValueKind.Array } types && types.GetArrayLength() > 0
            ? types[0].GetString() ?? "" : "";
        var id = Property(root, "messageId") is { ValueKind: JsonValueKind.String } mid && Guid.TryParse(mid.GetString(), out var parsed) ? parsed : Guid.Empty;
        var headers = got.BasicProperties.Headers;
        var error = $"{Header(headers, "MT-Fault-ExceptionType")}: {Header(headers, "MT-Fault-Message")}";
        var faultedAt = DateTimeOffset.TryParse(Header(headers, "MT-Fault-Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at : DateTimeOffset.UnixEpoch;
        return new FaultedMessage(id, batchId, studyKey, stage, messageType, error, faultedAt);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in element.EnumerateObject())
        {
            if (p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    private static string Header(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => "", _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" }
            : "";
}
