using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Batches;

/// <summary>
/// Records a batch and its studies in the results database, then publishes BatchSubmitted and one IngestStudy per
/// study. Rows are written first so progress and completion can be tracked from the first message on. Submitting the
/// same batch id again adds nothing (idempotent), but republishes the commands of studies that have not started.
/// </summary>
public sealed class BatchSubmitter(IDbContextFactory<ResultsDbContext> dbFactory, IBus bus, TimeProvider clock)
{
    public async Task SubmitAsync(Guid batchId, string name, string source, IReadOnlyList<IngestStudy> studies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(studies);
        if (studies.Any(s => s.BatchId != batchId))
        {
            throw new ArgumentException("Every IngestStudy must carry the batch's id.", nameof(studies));
        }

        var duplicate = studies.GroupBy(s => s.StudyKey, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Study key '{duplicate.Key}' appears twice in batch '{name}'.", nameof(studies));
        }

        var now = clock.GetUtcNow();
        List<IngestStudy> toSend;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var batch = await db.Batches.FindAsync([batchId], cancellationToken);
            if (batch is null)
            {
                db.Batches.Add(new BatchRecord { Id = batchId, Name = name, Source = source, StudyCount = studies.Count, Status = BatchStatus.Running, SubmittedAt = now });
            }

            var known = await db.Studies.Where(s => s.BatchId == batchId).ToDictionaryAsync(s => s.StudyKey, StringComparer.Ordinal, cancellationToken);
            toSend = [];
            foreach (var s in studies)
            {
                if (!known.TryGetValue(s.StudyKey, out var record))
                {
                    db.Studies.Add(new StudyRecord { BatchId = batchId, StudyKey = s.StudyKey, SourceKey = s.SourceKey, Status = StudyStatus.Pending, SubmittedAt = now });
                    toSend.Add(s);
                }
                else if (record.Status == StudyStatus.Pending)
                {
                    toSend.Add(s);
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await bus.Publish(new BatchSubmitted(batchId, name, studies.Count, now), cancellationToken);
        foreach (var s in toSend)
        {
            await bus.Publish(s, cancellationToken);
        }
    }
}
