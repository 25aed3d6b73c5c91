using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Logging;
using LiverScreen.Pipeline.Stages;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Replay;

/// <summary>Replays the faulted-message copies that StageFaultConsumer keeps in the results database. Publishing
/// reaches exactly the stage that failed, because each stage message type has exactly one consuming endpoint.</summary>
public sealed class DatabaseErrorQueueReplayer(IDbContextFactory<ResultsDbContext> dbFactory, IBus bus, TimeProvider clock, ILogger<DatabaseErrorQueueReplayer> logger)
    : IErrorQueueReplayer
{
    private static readonly Dictionary<string, Type> Types = new[]
    {
        typeof(IngestStudy), typeof(StudyIngested), typeof(StudyAligned), typeof(StudySegmented), typeof(StudyReclassified),
    }.ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public async Task<IReadOnlyList<FaultedMessage>> ListAsync(StageName? stage, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await Pending(db, stage).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.FaultedAt).Select(ToModel).ToList();
    }

    public async Task<IReadOnlyList<FaultedMessage>> ReplayAsync(StageName? stage, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = (await Pending(db, stage).ToListAsync(cancellationToken)).OrderBy(r => r.FaultedAt).ToList();
        foreach (var row in rows)
        {
            if (!Types.TryGetValue(row.MessageType, out var type))
            {
                throw new InvalidDataException($"Faulted message {row.Id} of study {row.StudyKey} has unknown type '{row.MessageType}'.");
            }

            var message = JsonSerializer.Deserialize(row.MessageJson, type, PipelineJson.Options)
                ?? throw new InvalidDataException($"Faulted message {row.Id} of study {row.StudyKey} is empty.");
            var state = await db.StageStates.FindAsync([row.BatchId, row.StudyKey, row.Stage], cancellationToken);
            if (state is { Status: StageStatus.Faulted })
            {
                state.Status = StageStatus.Running;
            }

            row.ReplayedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await bus.Publish(message, type, cancellationToken);
        }

        logger.Replayed(rows.Count);
        return rows.Select(ToModel).ToList();
    }

    private static IQueryable<FaultedMessageRecord> Pending(ResultsDbContext db, StageName? stage) =>
        db.FaultedMessages.Where(f => f.ReplayedAt == null && (stage == null || f.Stage == stage));

    private static FaultedMessage ToModel(FaultedMessageRecord r) =>
        new(r.Id, r.BatchId, r.StudyKey, r.Stage, r.MessageType, $"{r.ExceptionType}: {r.ExceptionMessage}", r.FaultedAt);
}
