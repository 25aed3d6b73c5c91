using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Batches;

/// <summary>Reads <see cref="BatchProgress"/> from the results database (works from any process, not just the one
/// running the stages).</summary>
public sealed class BatchProgressReader(IDbContextFactory<ResultsDbContext> dbFactory)
{
    public async Task<BatchProgress?> ReadAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken);
        if (batch is null)
        {
            return null;
        }

        var statuses = await db.Studies.AsNoTracking().Where(s => s.BatchId == batchId).Select(s => s.Status).ToListAsync(cancellationToken);
        var states = await db.StageStates.AsNoTracking().Where(s => s.BatchId == batchId)
            .Select(s => new { s.Stage, s.Status, s.StudyKey }).ToListAsync(cancellationToken);
        var terminalKeys = await db.Studies.AsNoTracking()
            .Where(s => s.BatchId == batchId && (s.Status == StudyStatus.Completed || s.Status == StudyStatus.Failed))
            .Select(s => s.StudyKey).ToListAsync(cancellationToken);
        var terminal = terminalKeys.ToHashSet(StringComparer.Ordinal);

        return new BatchProgress(
            batch.Id,
            batch.Name,
            batch.Status,
            statuses.Count,
            statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count()),
            states.Where(s => s.Status == StageStatus.Completed).GroupBy(s => s.Stage).ToDictionary(g => g.Key, g => g.Count()),
            states.Where(s => s.Status == StageStatus.Faulted && !terminal.Contains(s.StudyKey)).Select(s => s.StudyKey).Distinct(StringComparer.Ordinal).Count(),
            batch.ReportKey);
    }
}
