using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Replay;
using LiverScreen.Pipeline.Tests.TestDoubles;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiverScreen.Pipeline.Tests.Consumers;

public sealed class When_a_stage_faults
{
    [Fact]
    public async Task Should_end_the_study_as_failed_with_code_and_file_on_a_permanent_fault()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        h.Stages.Scripts["bad"] = new StudyScript { FailAt = StageName.Align, FailCode = "missing-phases" };

        await h.Bus.Bus.Publish(StageMessages.Ingested(batch, "bad"));

        Assert.True(await h.Bus.Published.Any<StudyFailed>(x =>
            x.Context.Message.StudyKey == "bad" && x.Context.Message.Stage == StageName.Align &&
            x.Context.Message.ErrorCode == "missing-phases" && x.Context.Message.File == "bad/IM0001.dcm"));
        Assert.False(await h.Bus.Published.Any<StudyAligned>());
        Assert.Equal(1, h.Stages.Calls(StageName.Align, "bad")); // permanent: never retried
        await h.WaitUntilAsync(async db => (await db.Studies.FindAsync(batch, "bad"))?.Status == StudyStatus.Failed);
        await using var db = await h.DbAsync();
        var study = await db.Studies.SingleAsync();
        Assert.Equal(("missing-phases", StageName.Align), (study.FailureCode, study.FailureStage));
        Assert.Equal(TriageCategory.TechnicalFailure, (await db.TriageDecisions.SingleAsync()).Category);
    }

    [Fact]
    public async Task Should_retry_a_transient_fault_then_succeed()
    {
        await using var h = await PipelineHarness.StartAsync(retryLimit: 3);
        var batch = Guid.NewGuid();
        h.Stages.Scripts["flaky"] = new StudyScript { TransientAt = StageName.Segment, TransientFailures = 2 };

        await h.Bus.Bus.Publish(StageMessages.Aligned(batch, "flaky"));

        Assert.True(await h.Bus.Published.Any<StudySegmented>(x => x.Context.Message.StudyKey == "flaky"));
        Assert.Equal(3, h.Stages.Calls(StageName.Segment, "flaky"));
        Assert.False(await h.Bus.Published.Any<Fault<StudyAligned>>());
        await using var db = await h.DbAsync();
        await h.WaitUntilAsync(async d => (await d.StageStates.FindAsync(batch, "flaky", StageName.Segment))?.Status == StageStatus.Completed);
        Assert.Equal(3, (await db.StageStates.SingleAsync(s => s.Stage == StageName.Segment)).Attempts);
    }

    [Fact]
    public async Task Should_record_an_exhausted_message_for_replay_and_replay_it_after_a_fix()
    {
        await using var h = await PipelineHarness.StartAsync(retryLimit: 1);
        var batch = Guid.NewGuid();
        h.Stages.Scripts["poison"] = new StudyScript { TransientAt = StageName.Ingest, TransientFailures = 2 };

        await h.Bus.Bus.Publish(StageMessages.Ingest(batch, "poison"));

        Assert.True(await h.Bus.Published.Any<Fault<IngestStudy>>());
        await h.WaitUntilAsync(async db => await db.FaultedMessages.AnyAsync());
        var replayer = h.Services.GetRequiredService<IErrorQueueReplayer>();
        var pending = await replayer.ListAsync(null, CancellationToken.None);
        Assert.Equal(("poison", StageName.Ingest), (Assert.Single(pending).StudyKey, pending[0].Stage));
        await using (var db = await h.DbAsync())
        {
            Assert.Equal(StageStatus.Faulted, (await db.StageStates.SingleAsync()).Status);
        }

        // The "fix": the script's two transient failures are used up, so the third attempt succeeds.
        var replayed = await replayer.ReplayAsync(StageName.Ingest, CancellationToken.None);

        Assert.Single(replayed);
        Assert.True(await h.Bus.Published.Any<StudyIngested>(x => x.Context.Message.StudyKey == "poison"));
        Assert.Empty(await replayer.ListAsync(null, CancellationToken.None));
    }
}
