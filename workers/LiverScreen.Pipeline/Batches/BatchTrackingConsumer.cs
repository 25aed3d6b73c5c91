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
/// is terminal; if so, stores the population report, marks the batch completed and publishes BatchCompleted.
/// <para>Safe with several processes hosting aggregation (two `--pool all` or cpu workers): completion is two
/// conditional updates in the database, not a read-check-write. (1) Claim the completion time: <c>UPDATE batches SET
/// completed_at = now WHERE id = @id AND completed_at IS NULL</c>; whoever loses reads the winner's time. (2) Write the
/// report: a pure function of the (now final) rows and that time, so racing writers store identical bytes under the same
/// keys. (3) <c>UPDATE ... SET status = 'Completed', report_key = ... WHERE status = 'Running'</c>: exactly one
/// process changes the row, and only it publishes BatchCompleted. A crash between (1) and (3) leaves the message
/// unacknowledged; its redelivery finds the claimed time and finishes the same report. A redelivered or retried message
/// that finds the batch already completed republishes BatchCompleted (the first publish may have been lost), so
/// BatchCompleted is at least once, and exactly once when nothing crashes.</para>
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
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct);
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

        if (batch.Status == BatchStatus.Completed)
        {
            // Someone completed it already. Only a message seen before (redelivered, or retried in process) may have
            // been the one whose publish was lost; a fresh one is a later terminal event and stays quiet.
            if (context.ReceiveContext.Redelivered || context.GetRetryAttempt() > 0)
            {
                await context.Publish(new BatchCompleted(batchId, batch.Name, completed, failed, batch.ReportKey ?? "", batch.CompletedAt ?? clock.GetUtcNow()), ct);
            }

            return;
        }

        // (1) Claim the completion time (first writer wins), then read back whichever time won.
        var now = clock.GetUtcNow();
        await db.Batches.Where(b => b.Id == batchId && b.CompletedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.CompletedAt, now), ct);
        var completedAt = await db.Batches.Where(b => b.Id == batchId).Select(b => b.CompletedAt).SingleAsync(ct) ?? now;

        // (2) The report: deterministic in the final rows and completedAt, so a racing writer stores the same files.
        var (_, prefix) = await reports.PublishAsync(batchId, completedAt, ct);

        // (3) Exactly one process turns the batch Completed; only that one announces it.
        var changed = await db.Batches.Where(b => b.Id == batchId && b.Status == BatchStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(b => b.Status, BatchStatus.Completed).SetProperty(b => b.ReportKey, prefix), ct);
        if (changed == 0)
        {
            return;
        }

        logger.BatchCompleted(batch.Name, batchId, completed, failed, prefix);
        await context.Publish(new BatchCompleted(batchId, batch.Name, completed, failed, prefix, completedAt), ct);
    }
}
