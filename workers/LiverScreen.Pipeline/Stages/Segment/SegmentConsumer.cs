using LiverScreen.Contracts;
using MassTransit;

namespace LiverScreen.Pipeline.Stages.Segment;

/// <summary>StudyAligned -> <see cref="ISegmentStage"/> -> StudySegmented; records the model and its inference time.</summary>
public sealed class SegmentConsumer(ISegmentStage stage, StageRunner runner) : IConsumer<StudyAligned>
{
    public Task Consume(ConsumeContext<StudyAligned> context)
    {
        var m = context.Message;
        return runner.RunAsync(context, StageName.Segment, m.BatchId, m.StudyKey, m.StudyInstanceUid, async ct =>
        {
            var o = await stage.SegmentAsync(m, ct);
            return new StageOutput<StudySegmented>(
                new StudySegmented(m.BatchId, m.StudyKey, m.StudyInstanceUid, o.ProbabilitiesKey, o.CandidatesKey, o.Model),
                InferenceTime: o.InferenceTime,
                Model: o.Model);
        });
    }
}
