using LiverScreen.Contracts;
using LiverScreen.Storage;
using MassTransit;

namespace LiverScreen.Pipeline.Stages.Ingest;

/// <summary>IngestStudy -> <see cref="IIngestStage"/> -> StudyIngested; records the study's UID and demographics. A
/// study uploaded to the object store (<see cref="StoredStudySource"/>, distributed mode) is copied to a temporary
/// folder first, and errors name the stored key instead of that folder.</summary>
public sealed class IngestConsumer(IIngestStage stage, StageRunner runner, IObjectStore store) : IConsumer<IngestStudy>
{
    public Task Consume(ConsumeContext<IngestStudy> context)
    {
        var m = context.Message;
        return runner.RunAsync(context, StageName.Ingest, m.BatchId, m.StudyKey, null, async ct =>
        {
            var o = await IngestAsync(m, ct);
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

    private async Task<IngestOutcome> IngestAsync(IngestStudy m, CancellationToken ct)
    {
        if (!StoredStudySource.IsStored(m.SourceKey))
        {
            return await stage.IngestAsync(m, ct);
        }

        var folder = await StoredStudySource.DownloadAsync(store, m.SourceKey, ct);
        try
        {
            return await stage.IngestAsync(m with { SourceKey = folder }, ct);
        }
        catch (StageFailureException failure)
        {
            var stored = m.SourceKey[StoredStudySource.Scheme.Length..];
            throw new StageFailureException(failure.Code, failure.Message.Replace(folder + "/", stored, StringComparison.Ordinal).Replace(folder, stored, StringComparison.Ordinal),
                failure.File?.Replace(folder + "/", stored, StringComparison.Ordinal).Replace(folder, stored, StringComparison.Ordinal), failure);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
