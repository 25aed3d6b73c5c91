using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Stages.Reclassify;

/// <summary>StudySegmented -> <see cref="IReclassifyStage"/> -> StudyReclassified; the study's lesion rows are
/// replaced as a whole (keyed by lesion index), so a rerun never duplicates a lesion.</summary>
public sealed class ReclassifyConsumer(IReclassifyStage stage, StageRunner runner) : IConsumer<StudySegmented>
{
    public Task Consume(ConsumeContext<StudySegmented> context)
    {
        var m = context.Message;
        return runner.RunAsync(context, StageName.Reclassify, m.BatchId, m.StudyKey, m.StudyInstanceUid, async ct =>
        {
            var o = await stage.ReclassifyAsync(m, ct);
            return new StageOutput<StudyReclassified>(
                new StudyReclassified(m.BatchId, m.StudyKey, m.StudyInstanceUid, o.LesionsKey, o.Model),
                async (db, _, token) =>
                {
                    var existing = await db.Lesions.Where(l => l.BatchId == m.BatchId && l.StudyKey == m.StudyKey).ToListAsync(token);
                    db.Lesions.RemoveRange(existing);
                    db.Lesions.AddRange(o.Lesions.Select(l => new LesionRecord
                    {
                        BatchId = m.BatchId,
                        StudyKey = m.StudyKey,
                        Index = l.Index,
                        Type = l.Type,
                        DiameterMm = l.DiameterMm,
                        VolumeMl = l.VolumeMl,
                        Confidence = l.Confidence,
                        CenterX = l.CenterX,
                        CenterY = l.CenterY,
                        CenterZ = l.CenterZ,
                        KeySlice = l.KeySlice,
                    }));
                },
                o.InferenceTime,
                o.Model);
        });
    }
}
