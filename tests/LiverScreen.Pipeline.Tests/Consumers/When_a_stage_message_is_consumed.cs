using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Tests.TestDoubles;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Tests.Consumers;

public sealed class When_a_stage_message_is_consumed
{
    [Fact]
    public async Task Should_ingest_publish_StudyIngested_and_record_the_demographics()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        h.Stages.Scripts["s1"] = new StudyScript { Site = "Site B", Manufacturer = "SIEMENS", Sex = "M", Age = 71 };

        await h.Bus.Bus.Publish(StageMessages.Ingest(batch, "s1"));

        Assert.True(await h.Bus.Consumed.Any<IngestStudy>(x => x.Context.Message.StudyKey == "s1"));
        Assert.True(await h.Bus.Published.Any<StudyIngested>(x => x.Context.Message.StudyKey == "s1" && x.Context.Message.StudyInstanceUid == "2.25.s1"));
        await h.WaitUntilAsync(async db => (await db.Studies.FindAsync(batch, "s1"))?.Site == "Site B");
        await using var db = await h.DbAsync();
        var study = await db.Studies.SingleAsync(s => s.StudyKey == "s1");
        Assert.Equal(("SIEMENS", "M", 71, "2.25.s1"), (study.Manufacturer, study.Sex, study.AgeYears, study.StudyInstanceUid));
    }

    [Fact]
    public async Task Should_align_publish_StudyAligned()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        await h.Bus.Bus.Publish(StageMessages.Ingested(batch, "s1"));

        Assert.True(await h.Bus.Consumed.Any<StudyIngested>(x => x.Context.Message.StudyKey == "s1"));
        Assert.True(await h.Bus.Published.Any<StudyAligned>(x => x.Context.Message.StudyKey == "s1" && x.Context.Message.Phases.Count == 1));
    }

    [Fact]
    public async Task Should_segment_publish_StudySegmented_and_record_model_and_inference_time()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        await h.Bus.Bus.Publish(StageMessages.Aligned(batch, "s1"));

        Assert.True(await h.Bus.Published.Any<StudySegmented>(x => x.Context.Message.StudyKey == "s1" && x.Context.Message.Model == FakeStages.SegModel));
        await h.WaitUntilAsync(async db => (await db.StageStates.FindAsync(batch, "s1", StageName.Segment))?.Status == StageStatus.Completed);
        await using var db = await h.DbAsync();
        var state = await db.StageStates.SingleAsync(s => s.Stage == StageName.Segment);
        Assert.Equal("fake-seg", state.ModelName);
        Assert.Equal(5, state.InferenceMs, 3);
    }

    [Fact]
    public async Task Should_reclassify_publish_StudyReclassified_and_store_the_lesions()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        h.Stages.Scripts["s1"] = new StudyScript { Lesions = StageMessages.TwoLesions };
        await h.Bus.Bus.Publish(StageMessages.Segmented(batch, "s1"));

        Assert.True(await h.Bus.Published.Any<StudyReclassified>(x => x.Context.Message.StudyKey == "s1"));
        await h.WaitUntilAsync(async db => await db.Lesions.CountAsync() == 2);
        await using var db = await h.DbAsync();
        Assert.Equal([LesionType.HCC, LesionType.Cyst], await db.Lesions.OrderBy(l => l.Index).Select(l => l.Type).ToListAsync());
    }

    [Fact]
    public async Task Should_triage_publish_StudyTriaged_from_the_stored_lesions_and_complete_the_study()
    {
        await using var h = await PipelineHarness.StartAsync();
        var batch = Guid.NewGuid();
        h.Stages.Scripts["s1"] = new StudyScript { Lesions = StageMessages.TwoLesions, Category = TriageCategory.SuspectedMalignant };
        await h.Bus.Bus.Publish(StageMessages.Segmented(batch, "s1"));
        Assert.True(await h.Bus.Published.Any<StudyReclassified>(x => x.Context.Message.StudyKey == "s1"));

        // The reclassified message above flows on to triage: the decision must name the lesions it read from the DB.
        Assert.True(await h.Bus.Published.Any<StudyTriaged>(x => x.Context.Message.StudyKey == "s1" && x.Context.Message.Triage == TriageCategory.SuspectedMalignant));
        await h.WaitUntilAsync(async db => (await db.Studies.FindAsync(batch, "s1"))?.Status == StudyStatus.Completed);
        await using var db = await h.DbAsync();
        var decision = await db.TriageDecisions.SingleAsync();
        Assert.Equal("HCC 24 mm; Cyst 8 mm", decision.Reason);
    }
}
