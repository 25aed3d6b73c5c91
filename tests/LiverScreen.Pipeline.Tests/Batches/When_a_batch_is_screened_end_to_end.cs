using LiverScreen.Contracts;
using LiverScreen.Functions.Ingestion;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Reports;
using LiverScreen.Pipeline.Tests.Consumers;
using LiverScreen.Pipeline.Tests.TestDoubles;
using LiverScreen.Storage;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LiverScreen.Pipeline.Tests.Batches;

/// <summary>A small cohort through the whole pipeline (in-memory bus, local store, SQLite): healthy, flagged, broken at
/// different stages and flaky studies. Every study must end in exactly one terminal state and the report must exist.</summary>
public sealed class When_a_batch_is_screened_end_to_end
{
    [Fact]
    public async Task Should_reach_a_terminal_state_for_every_study_and_write_the_report()
    {
        await using var h = await PipelineHarness.StartAsync(retryLimit: 3);
        var input = Path.Combine(h.Root, "input");
        string[] keys = ["ok-1", "ok-2", "hcc", "unsure", "broken-dicom", "no-liver", "flaky"];
        foreach (var k in keys)
        {
            Directory.CreateDirectory(Path.Combine(input, k));
            await File.WriteAllTextAsync(Path.Combine(input, k, "IM0001.dcm"), "not really DICOM: the fake stages never read it");
        }

        var s = h.Stages.Scripts;
        s["hcc"] = new StudyScript { Category = TriageCategory.SuspectedMalignant, Lesions = StageMessages.TwoLesions, Site = "Site B", Sex = "M", Age = 55 };
        s["unsure"] = new StudyScript { Category = TriageCategory.Uncertain };
        s["broken-dicom"] = new StudyScript { FailAt = StageName.Ingest, FailCode = "dicom-undecodable" };
        s["no-liver"] = new StudyScript { FailAt = StageName.Segment, FailCode = "no-liver" };
        s["flaky"] = new StudyScript { TransientAt = StageName.Align, TransientFailures = 2, Category = TriageCategory.BenignFinding };

        var plan = BatchPlanner.Plan(input, "e2e", Guid.NewGuid());
        await h.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(plan.BatchId, plan.Name, plan.Source, plan.Studies, CancellationToken.None);

        Assert.True(await h.Bus.Published.Any<BatchCompleted>(x => x.Context.Message.BatchId == plan.BatchId));
        var completed = h.Bus.Published.Select<BatchCompleted>().First().Context.Message;
        Assert.Equal((5, 2), (completed.Completed, completed.Failed));

        await using var db = await h.DbAsync();
        var studies = await db.Studies.Where(x => x.BatchId == plan.BatchId).ToDictionaryAsync(x => x.StudyKey);
        Assert.Equal(keys.Order(), studies.Keys.Order());
        Assert.All(studies.Values, x => Assert.Contains(x.Status, new[] { StudyStatus.Completed, StudyStatus.Failed }));
        Assert.Equal(("dicom-undecodable", StageName.Ingest), (studies["broken-dicom"].FailureCode, studies["broken-dicom"].FailureStage));
        Assert.Equal(("no-liver", StageName.Segment), (studies["no-liver"].FailureCode, studies["no-liver"].FailureStage));
        Assert.Equal(StudyStatus.Completed, studies["flaky"].Status);
        Assert.Equal(0, h.Stages.Calls(StageName.Align, "broken-dicom")); // a failed study goes no further
        var decisions = await db.TriageDecisions.Where(x => x.BatchId == plan.BatchId).ToDictionaryAsync(x => x.StudyKey, x => x.Category);
        Assert.Equal(keys.Length, decisions.Count);
        Assert.Equal(TriageCategory.SuspectedMalignant, decisions["hcc"]);
        Assert.Equal(TriageCategory.TechnicalFailure, decisions["no-liver"]);

        var batch = await db.Batches.SingleAsync(x => x.Id == plan.BatchId);
        Assert.Equal(BatchStatus.Completed, batch.Status);
        var store = h.Services.GetRequiredService<IObjectStore>();
        foreach (var name in ReportFileNames.All)
        {
            Assert.True(await store.ExistsAsync(batch.ReportKey + name), name);
        }

        await using var json = await store.OpenReadAsync(batch.ReportKey + ReportFileNames.Json);
        var report = ReportJsonWriter.Read(await new StreamReader(json).ReadToEndAsync());
        Assert.Equal(7, report.Studies);
        Assert.Equal(["hcc", "unsure"], report.Worklist.Select(w => w.StudyKey));
        var exported = await h.Services.GetRequiredService<ReportPublisher>().ExportAsync(batch.ReportKey!, Path.Combine(h.Root, "out"), CancellationToken.None);
        Assert.True(File.Exists(exported));
        Assert.Equal(keys.Length + 1, File.ReadAllLines(Path.Combine(h.Root, "out", ReportFileNames.Studies)).Length);
    }

    [Fact]
    public async Task Should_complete_an_empty_batch_at_submission()
    {
        await using var h = await PipelineHarness.StartAsync();
        var id = Guid.NewGuid();
        await h.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(id, "empty", "nowhere", [], CancellationToken.None);
        Assert.True(await h.Bus.Published.Any<BatchCompleted>(x => x.Context.Message.BatchId == id && x.Context.Message.Completed == 0));
    }

    [Fact]
    public async Task Should_show_progress_and_report_a_stalled_batch_when_a_message_is_in_the_error_queue()
    {
        await using var h = await PipelineHarness.StartAsync(retryLimit: 0);
        h.Stages.Scripts["stuck"] = new StudyScript { TransientAt = StageName.Align, TransientFailures = 5 };
        var id = Guid.NewGuid();
        await h.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(id, "b", "src", [new IngestStudy(id, "fine", "/x"), new IngestStudy(id, "stuck", "/y")], CancellationToken.None);

        var reader = h.Services.GetRequiredService<BatchProgressReader>();
        BatchProgress? progress = null;
        await h.WaitUntilAsync(async _ => (progress = await reader.ReadAsync(id, CancellationToken.None))!.Stalled, TimeSpan.FromSeconds(10));
        Assert.Equal(1, progress!.Faulted);
        Assert.Equal(1, progress.Terminal);
        Assert.Equal(2, progress.StageCompleted[StageName.Ingest]);
        Assert.Equal(BatchStatus.Running, progress.Status);
    }
}
