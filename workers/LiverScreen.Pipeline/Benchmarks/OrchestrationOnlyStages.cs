using System.Text;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Benchmarks;

/// <summary>
/// For `bench pipeline` only: stage services that do no imaging work, just write one small object each, so the
/// benchmark measures what the pipeline itself costs per study (bus, database, store, bookkeeping). That cost counts
/// against the "at most 15% outside model inference" target once the real stages are wired. Never registered by the
/// screening commands.
/// </summary>
public sealed class OrchestrationOnlyStages(IObjectStore store) : IIngestStage, IAlignStage, ISegmentStage, IReclassifyStage, ITriageStage
{
    private static readonly ModelRef None = new("orchestration-only", "0", "");

    public async Task<IngestOutcome> IngestAsync(IngestStudy command, CancellationToken cancellationToken)
    {
        var key = await Put(command.BatchId, command.StudyKey, StageName.Ingest, cancellationToken);
        return new IngestOutcome("2.25.0." + command.StudyKey, command.StudyKey, [new SeriesVolumeRef("1", Phase.NC, 1, key)], key, StudyDemographics.Unknown);
    }

    public async Task<AlignOutcome> AlignAsync(StudyIngested study, CancellationToken cancellationToken)
    {
        var key = await Put(study.BatchId, study.StudyKey, StageName.Align, cancellationToken);
        return new AlignOutcome("1", [new AlignedPhaseRef(Phase.NC, "1", key, null, 1, true)]);
    }

    public async Task<SegmentOutcome> SegmentAsync(StudyAligned study, CancellationToken cancellationToken)
    {
        var key = await Put(study.BatchId, study.StudyKey, StageName.Segment, cancellationToken);
        return new SegmentOutcome(key, key, None, TimeSpan.Zero);
    }

    public async Task<ReclassifyOutcome> ReclassifyAsync(StudySegmented study, CancellationToken cancellationToken)
    {
        var key = await Put(study.BatchId, study.StudyKey, StageName.Reclassify, cancellationToken);
        return new ReclassifyOutcome(key, None, [], TimeSpan.Zero);
    }

    public async Task<TriageOutcome> TriageAsync(StudyReclassified study, IReadOnlyList<LesionFinding> lesions, CancellationToken cancellationToken)
    {
        var key = await Put(study.BatchId, study.StudyKey, StageName.Triage, cancellationToken);
        return new TriageOutcome(TriageCategory.NoFinding, 1, "orchestration-only benchmark", key);
    }

    private async Task<string> Put(Guid batch, string study, StageName stage, CancellationToken ct)
    {
        var key = StageKeys.ForStage(batch, study, stage, "bench.json");
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes("{}"));
        await store.PutAsync(key, ms, ct);
        return key;
    }
}
