using LiverScreen.Contracts;
using LiverScreen.Pipeline.Tests.TestDoubles;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Tests.Consumers;

public sealed class When_a_message_is_redelivered
{
    [Fact]
    public async Task Should_not_duplicate_lesions_or_rerun_reclassification()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        h.Stages.Scripts["s1"] = new StudyScript { Lesions = StageMessages.TwoLesions };
        var message = StageMessages.Segmented(batch, "s1");

        await h.Bus.Bus.Publish(message);
        Assert.True(await h.Bus.Published.Any<StudyReclassified>());
        await h.WaitUntilAsync(async db => await db.TriageDecisions.AnyAsync());
        await h.Bus.Bus.Publish(message);
        await h.WaitUntilAsync(async _ => h.Bus.Consumed.Select<StudySegmented>().Count() == 2 && h.Bus.Published.Select<StudyReclassified>().Count() == 2);
        await h.WaitUntilAsync(async _ => h.Bus.Consumed.Select<StudyReclassified>().Count() == 2);
        await h.Bus.InactivityTask;

        Assert.Equal(1, h.Stages.Calls(StageName.Reclassify, "s1"));
        Assert.Equal(1, h.Stages.Calls(StageName.Triage, "s1"));
        await using var db = await h.DbAsync();
        Assert.Equal(2, await db.Lesions.CountAsync());
        Assert.Equal(1, await db.TriageDecisions.CountAsync());
        Assert.Equal(1, await db.StageStates.CountAsync(s => s.Stage == StageName.Reclassify));
    }

    [Fact]
    public async Task Should_not_duplicate_the_triage_decision()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        h.Stages.Scripts["s1"] = new StudyScript { Category = TriageCategory.Uncertain };
        var message = StageMessages.Reclassified(batch, "s1");

        await h.Bus.Bus.Publish(message);
        Assert.True(await h.Bus.Published.Any<StudyTriaged>());
        await h.Bus.Bus.Publish(message);
        await h.WaitUntilAsync(async _ => h.Bus.Published.Select<StudyTriaged>().Count() == 2);

        Assert.Equal(1, h.Stages.Calls(StageName.Triage, "s1"));
        await using var db = await h.DbAsync();
        Assert.Equal(1, await db.TriageDecisions.CountAsync());
        Assert.Equal(TriageCategory.Uncertain, (await db.TriageDecisions.SingleAsync()).Category);
    }

    [Fact]
    public async Task Should_rerun_when_the_input_changed()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        await h.Bus.Bus.Publish(StageMessages.Aligned(batch, "s1"));
        Assert.True(await h.Bus.Published.Any<StudySegmented>());
        await h.Bus.Bus.Publish(StageMessages.Aligned(batch, "s1") with { ReferenceSeriesInstanceUid = "9.9.9" });
        await h.WaitUntilAsync(async _ => h.Stages.Calls(StageName.Segment, "s1") == 2);
        Assert.Equal(2, h.Stages.Calls(StageName.Segment, "s1"));
    }
}
