using LiverScreen.Contracts;
using MassTransit;

namespace LiverScreen.Pipeline.Stages.Ingest;

/// <summary>IngestStudy -> <see cref="IIngestStage"/> -> StudyIngested; records the study's UID and demographics.</summary>
public sealed class IngestConsumer(IIngestStage stage, StageRunner runner) : IConsumer<IngestStudy>
{
    public Task Consume(ConsumeContext<IngestStudy> context)
    {
        var m = context.Message;
        return runner.RunAsync(context, StageName.Ingest, m.BatchId, m.StudyKey, null, async ct =>
        {
            var o = await stage.IngestAsync(m, ct);
            return new StageOutput<StudyIngested>(
                new StudyIngested(m.BatchId, m.StudyKey, o.StudyInstanceUid, o.PatientId, o.Series, o.StudyInfoKey),
                (_, study, _) =>
                {
                    study.StudyInstanceUid = o.StudyInstanceUid;
                    study.PatientId = o.PatientId;
                    study.Site = o.Demographics.Site;
                    study.Manufacturer = o.Demographics.Manufacturer;
                    study.Sex = o.Demographics.Sex;
                    study.AgeYears = o.Demographics.AgeYears;
                    return Task.CompletedTask;
                });
        });
    }
}
