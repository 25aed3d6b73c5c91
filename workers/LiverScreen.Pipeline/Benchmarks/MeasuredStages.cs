using System.Collections.Concurrent;
using System.Diagnostics;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;

namespace LiverScreen.Pipeline.Benchmarks;

/// <summary>
/// For `bench pipeline` only: wraps the real stage services and records each call's wall time, process CPU time and
/// model time (<see cref="StageMeasurement"/>). On a shared machine wall time swings with the load; CPU seconds per
/// study divided by the cores is what the same work takes on a quiet machine. Never registered by the screening commands.
/// </summary>
public sealed class MeasuredStages(IIngestStage ingest, IAlignStage align, ISegmentStage segment, IReclassifyStage reclassify, ITriageStage triage)
    : IIngestStage, IAlignStage, ISegmentStage, IReclassifyStage, ITriageStage
{
    private readonly ConcurrentQueue<StageMeasurement> _measurements = new();

    public IReadOnlyCollection<StageMeasurement> Measurements => _measurements;

    public void Clear() => _measurements.Clear();

    public Task<IngestOutcome> IngestAsync(IngestStudy command, CancellationToken cancellationToken) =>
        Measure(command.StudyKey, StageName.Ingest, () => ingest.IngestAsync(command, cancellationToken), _ => TimeSpan.Zero);

    public Task<AlignOutcome> AlignAsync(StudyIngested study, CancellationToken cancellationToken) =>
        Measure(study.StudyKey, StageName.Align, () => align.AlignAsync(study, cancellationToken), _ => TimeSpan.Zero);

    public Task<SegmentOutcome> SegmentAsync(StudyAligned study, CancellationToken cancellationToken) =>
        Measure(study.StudyKey, StageName.Segment, () => segment.SegmentAsync(study, cancellationToken), o => o.InferenceTime);

    public Task<ReclassifyOutcome> ReclassifyAsync(StudySegmented study, CancellationToken cancellationToken) =>
        Measure(study.StudyKey, StageName.Reclassify, () => reclassify.ReclassifyAsync(study, cancellationToken), o => o.InferenceTime);

    public Task<TriageOutcome> TriageAsync(StudyReclassified study, IReadOnlyList<LesionFinding> lesions, CancellationToken cancellationToken) =>
        Measure(study.StudyKey, StageName.Triage, () => triage.TriageAsync(study, lesions, cancellationToken), _ => TimeSpan.Zero);

    private async Task<T> Measure<T>(string studyKey, StageName stage, Func<Task<T>> run, Func<T, TimeSpan> inference)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var wall = Stopwatch.StartNew();
        var outcome = await run();
        wall.Stop();
        var cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
        _measurements.Enqueue(new StageMeasurement(studyKey, stage, wall.Elapsed.TotalMilliseconds, cpuMs, inference(outcome).TotalMilliseconds));
        return outcome;
    }
}
