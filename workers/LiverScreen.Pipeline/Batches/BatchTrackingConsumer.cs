using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Logging;
using LiverScreen.Pipeline.Reports;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Batches;

/// <summary>
/// Aggregation: after every terminal study event (and at submission, for empty batches) checks whether the whole batch
/// is terminal; if so, stores the population report, marks the batch completed and publishes BatchCompleted. Runs one
/// message at a time (see its definition) so two studies finishing together cannot both complete the batch; a
/// redelivery after completion republishes BatchCompleted, which is harmless.
/// </summary>
public sealed class BatchTrackingConsumer(IDbContextFactory<ResultsDbContext> dbFactory, ReportPublisher reports, TimeProvider clock, ILogger<BatchTrackingConsumer> logger)
    : IConsumer<BatchSubmitted>, IConsumer<StudyTriaged>, IConsumer<StudyFailed>
{
    public Task Consume(ConsumeContext<BatchSubmitted> context) => TryCompleteAsync(context, context.Message.BatchId);

    public Task Consume(ConsumeContext<StudyTriaged> context) => TryCompleteAsync(context, context.Message.BatchId);

    public Task Consume(ConsumeContext<StudyFailed> context) => TryCompleteAsync(context, context.Message.BatchId);

    private async Task TryCompleteAsync(ConsumeContext context, Guid batchId)
    {
        var ct = context.CancellationToken;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var batch = await db.Batches.FindAsync([batchId], ct);
        if (batch is null)
        {
            return; // Not submitted through BatchSubmitter: nothing to aggregate.
        }

        var counts = await db.Studies.Where(s => s.BatchId == batchId).GroupBy(s => s.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var completed = counts.Where(c => c.Status == StudyStatus.Completed).Sum(c => c.Count);
        var failed = counts.Where(c => c.Status == StudyStatus.Failed).Sum(c => c.Count);
        var total = counts.Sum(c => c.Count);
        if (completed + failed < total)
        {
            return;
        }

        if (batch.Status != BatchStatus.Completed)
        {
            // Report first, then the status: if storing the report fails, the retry finds the batch still running.
            var completedAt = clock.GetUtcNow();
            var (_, prefix) = await reports.PublishAsync(batchId, completedAt, ct);
            batch.Status = BatchStatus.Completed;
            batch.CompletedAt = completedAt;
            batch.ReportKey = prefix;
            await db.SaveChangesAsync(ct);
            logger.BatchCompleted(batch.Name, batchId, completed, failed, prefix);
        }

        await context.Publish(new BatchCompleted(batchId, batch.Name, completed, failed, batch.ReportKey ?? "", batch.CompletedAt ?? clock.GetUtcNow()), ct);
    }
}
