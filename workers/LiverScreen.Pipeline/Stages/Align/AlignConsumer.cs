using LiverScreen.Contracts;
using MassTransit;

namespace LiverScreen.Pipeline.Stages.Align;

/// <summary>StudyIngested -> <see cref="IAlignStage"/> -> StudyAligned.</summary>
public sealed class AlignConsumer(IAlignStage stage, StageRunner runner) : IConsumer<StudyIngested>
{
    public Task Consume(ConsumeContext<StudyIngested> context)
    {
        var m = context.Message;
        return runner.RunAsync(context, StageName.Align, m.BatchId, m.StudyKey, m.StudyInstanceUid, async ct =>
        {
            var o = await stage.AlignAsync(m, ct);
            return new StageOutput<StudyAligned>(new StudyAligned(m.BatchId, m.StudyKey, m.StudyInstanceUid, o.ReferenceSeriesInstanceUid, o.Phases));
        });
    }
}
