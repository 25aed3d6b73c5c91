using LiverScreen.Contracts.Results;
using LiverScreen.Detection;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Real;
using LiverScreen.Storage;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// Writes one <c>results/&lt;StudyInstanceUID&gt;.json</c> per study of a batch (docs/schemas/study-result.schema.json):
/// the triage stage's document for completed studies, and a failed document (error code, message, file) for studies
/// that ended with a permanent fault. A study that failed before its UID was read is named by its folder key.
/// </summary>
public sealed class ResultExporter(IObjectStore store, IDbContextFactory<ResultsDbContext> dbFactory)
{
    public async Task<int> ExportAsync(Guid batchId, string resultsDir, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(resultsDir);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var studies = await db.Studies.AsNoTracking().Where(s => s.BatchId == batchId).ToListAsync(cancellationToken);
        var decisions = await db.TriageDecisions.AsNoTracking().Where(d => d.BatchId == batchId).ToDictionaryAsync(d => d.StudyKey, cancellationToken);
        var written = 0;
        foreach (var s in studies)
        {
            string? json = null;
            if (s.Status == Data.StudyStatus.Completed && decisions.TryGetValue(s.StudyKey, out var d) && !string.IsNullOrEmpty(d.ResultKey))
            {
                json = await StageStore.GetTextAsync(store, d.ResultKey, cancellationToken);
            }
            else if (s.Status == Data.StudyStatus.Failed)
            {
                var at = s.CompletedAt ?? DateTimeOffset.UtcNow;
                var message = s.FailureStage is null ? s.FailureReason ?? "failed" : $"{s.FailureStage} stage: {s.FailureReason}";
                json = StudyResultJson.Serialize(StudyResultBuilder.Failed(s.StudyInstanceUid ?? s.StudyKey, s.PatientId, s.FailureCode ?? "unknown", message, s.FailureFile, at));
            }

            if (json is null)
            {
                continue;
            }

            var name = StageKeys.Sanitize(s.StudyInstanceUid ?? s.StudyKey) + ".json";
            await File.WriteAllTextAsync(Path.Combine(resultsDir, name), json, cancellationToken);
            written++;
        }

        return written;
    }
}
