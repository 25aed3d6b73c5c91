using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Stages.Triage;

/// <summary>StudyReclassified -> (lesions from the database) -> <see cref="ITriageStage"/> -> StudyTriaged; writes the
/// one decision row of the study and marks the study completed.</summary>
public sealed class TriageConsumer(ITriageStage stage, StageRunner runner, IDbContextFactory<ResultsDbContext> dbFactory, TimeProvider clock)
    : IConsumer<StudyReclassified>
{
    public Task Consume(ConsumeContext<StudyReclassified> context)
    {
        var m = context.Message;
        return runner.RunAsync(context, StageName.Triage, m.BatchId, m.StudyKey, m.StudyInstanceUid, async ct =>
        {
            List<LesionFinding> lesions;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                lesions = await db.Lesions.AsNoTracking()
                    .Where(l => l.BatchId == m.BatchId && l.StudyKey == m.StudyKey)
                    .OrderBy(l => l.Index)
                    .Select(l => new LesionFinding(l.Index, l.Type, l.DiameterMm, l.VolumeMl, l.Confidence, l.CenterX, l.CenterY, l.CenterZ, l.KeySlice))
                    .ToListAsync(ct);
            }

            var o = await stage.TriageAsync(m, lesions, ct);
            return new StageOutput<StudyTriaged>(
                new StudyTriaged(m.BatchId, m.StudyKey, m.StudyInstanceUid, o.Category, o.Confidence, o.ResultKey),
                async (db, study, token) =>
                {
                    var decision = await db.TriageDecisions.FindAsync([m.BatchId, m.StudyKey], token);
                    if (decision is null)
                    {
                        decision = new TriageDecisionRecord { BatchId = m.BatchId, StudyKey = m.StudyKey };
                        db.TriageDecisions.Add(decision);
                    }

                    decision.Category = o.Category;
                    decision.Confidence = o.Confidence;
                    decision.Reason = o.Reason;
                    decision.ResultKey = o.ResultKey;
                    decision.DecidedAt = clock.GetUtcNow();
                    study.Status = StudyStatus.Completed;
                    study.CompletedAt = clock.GetUtcNow();
                });
        });
    }
}
