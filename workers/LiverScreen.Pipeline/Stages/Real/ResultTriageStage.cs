using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Stages.Triage;
using LiverScreen.Storage;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// Triage: takes the decision reclassify derived (paper 002 section V-B via <c>TriageRules</c>) from the stored result,
/// adds the timings of every completed stage from the results database (timingsMs: ingest, align, segment, reclassify,
/// their model inference and the total) and writes the final per-study result document to <c>triage/result.json</c>
/// (exported by screen as <c>results/&lt;StudyInstanceUID&gt;.json</c>).
/// </summary>
public sealed class ResultTriageStage(IObjectStore store, IDbContextFactory<ResultsDbContext> dbFactory, TimeProvider clock) : ITriageStage
{
    public async Task<TriageOutcome> TriageAsync(StudyReclassified study, IReadOnlyList<LesionFinding> lesions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var draft = StudyResultJson.Deserialize(await StageStore.GetTextAsync(store, study.LesionsKey, cancellationToken));
        var timings = new Dictionary<string, double>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var states = await db.StageStates.AsNoTracking()
                .Where(s => s.BatchId == study.BatchId && s.StudyKey == study.StudyKey && s.Status == StageStatus.Completed)
                .ToListAsync(cancellationToken);
            foreach (var s in states.Where(s => s.Stage != StageName.Triage).OrderBy(s => s.Stage))
            {
                var name = s.Stage.ToString().ToLowerInvariant();
                timings[name] = Math.Round(s.DurationMs, 1);
                if (s.InferenceMs > 0)
                {
                    timings[name + "Inference"] = Math.Round(s.InferenceMs, 1);
                }
            }
        }

        timings["total"] = Math.Round(timings.Where(kv => !kv.Key.EndsWith("Inference", StringComparison.Ordinal)).Sum(kv => kv.Value), 1);
        var result = draft with { TimingsMs = timings, CompletedAt = clock.GetUtcNow() };
        var key = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Triage, "result.json");
        await StageStore.PutTextAsync(store, key, StudyResultJson.Serialize(result), cancellationToken);
        var category = result.Triage ?? TriageCategory.TechnicalFailure;
        return new TriageOutcome(category, result.Confidence ?? 0, result.TriageReasons.Count > 0 ? result.TriageReasons[0] : category.ToString(), key);
    }
}
