using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>Stands in for a stage whose algorithm is not wired yet: a permanent fault naming the stage, so a batch
/// still completes and the report shows exactly what is missing.</summary>
public sealed class UnwiredStage : IIngestStage, IAlignStage, ISegmentStage, IReclassifyStage, ITriageStage
{
    public const string ErrorCode = "stage-not-wired";

    public Task<IngestOutcome> IngestAsync(IngestStudy command, CancellationToken cancellationToken) => throw Fault(StageName.Ingest, command.SourceKey);

    public Task<AlignOutcome> AlignAsync(StudyIngested study, CancellationToken cancellationToken) => throw Fault(StageName.Align, null);

    public Task<SegmentOutcome> SegmentAsync(StudyAligned study, CancellationToken cancellationToken) => throw Fault(StageName.Segment, null);

    public Task<ReclassifyOutcome> ReclassifyAsync(StudySegmented study, CancellationToken cancellationToken) => throw Fault(StageName.Reclassify, null);

    public Task<TriageOutcome> TriageAsync(StudyReclassified study, IReadOnlyList<LesionFinding> lesions, CancellationToken cancellationToken) =>
        throw Fault(StageName.Triage, null);

    private static StageFailureException Fault(StageName stage, string? file) =>
        new(ErrorCode, $"The {stage} stage's algorithm is not wired into the pipeline yet (Hosting/StageImplementations.cs).", file);
}
