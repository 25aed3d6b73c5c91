using System.Text.Json.Nodes;
using LiverScreen.Contracts;
using LiverScreen.Functions.Ingestion;
using LiverScreen.Inference;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Reports;
using LiverScreen.Pipeline.Stages.Real;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Tests.Screening;

/// <summary>
/// The real stages (DICOM ingest, alignment, ONNX segmentation, detection + reclassification, triage) on the embedded
/// pipeline, with the random-weight test model tiny-seg standing in for both models (fast; its decisions mean nothing,
/// the plumbing is what is checked): every study reaches a terminal state, broken studies fail with a code naming the
/// study and file, and each result document carries the contract's fields.
/// </summary>
public sealed class When_a_cohort_is_screened_with_the_real_stages : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ls-screen-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Should_end_every_study_and_write_its_result_document()
    {
        var (input, phantoms) = ScreeningCohort.Write(Path.Combine(_root, "cohort"));
        var testModels = Path.Combine(RepoRoot(), "tests", "LiverScreen.Inference.Tests", "TestData");
        using var host = PipelineHost.Build(new PipelineHostSettings(Path.Combine(_root, "work"), WorkerSelection.All, LogLevel.Error), services =>
        {
            services.PostConfigure<StageModelOptions>(o => (o.Segmentation, o.Reclassification, o.PatchesPerLesion) = ("tiny-seg", "tiny-seg", 1));
            services.PostConfigure<InferenceOptions>(o => o.ModelsDirectory = testModels);
        });
        await host.StartAsync();
        try
        {
            var plan = BatchPlanner.Plan(input, "real stages", Guid.NewGuid());
            Assert.Equal(5, plan.Studies.Count);
            await host.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(plan.BatchId, plan.Name, plan.Source, plan.Studies, CancellationToken.None);
            var reader = host.Services.GetRequiredService<BatchProgressReader>();
            var deadline = DateTime.UtcNow.AddMinutes(8);
            BatchProgress? progress = null;
            while (DateTime.UtcNow < deadline)
            {
                progress = await reader.ReadAsync(plan.BatchId, CancellationToken.None);
                if (progress is { Status: BatchStatus.Completed } || progress is { Stalled: true })
                {
                    break;
                }

                await Task.Delay(250);
            }

            Assert.NotNull(progress);
            await using var db = await host.Services.GetRequiredService<IDbContextFactory<ResultsDbContext>>().CreateDbContextAsync();
            var studies = await db.Studies.Where(s => s.BatchId == plan.BatchId).ToDictionaryAsync(s => s.StudyKey);
            var failures = string.Join("; ", studies.Values.Select(s => $"{s.StudyKey}: {s.Status} {s.FailureCode} {s.FailureReason}"));
            // When the batch does not complete, say why: each study's state and every message in the error queue.
            var faulted = await db.FaultedMessages.Where(f => f.BatchId == plan.BatchId).ToListAsync();
            var why = $"{progress.Status}, stalled {progress.Stalled}; studies: {failures}; faulted: "
                + string.Join("; ", faulted.Select(f => $"{f.StudyKey} at {f.Stage}: {f.ExceptionType}: {f.ExceptionMessage}"));
            Assert.True(progress.Status == BatchStatus.Completed, why);
            foreach (var p in phantoms)
            {
                Assert.True(studies[p.Folder].Status == StudyStatus.Completed, failures);
                Assert.Equal(p.StudyInstanceUid, studies[p.Folder].StudyInstanceUid);
            }

            Assert.Equal((StudyStatus.Failed, "dicom-undecodable", StageName.Ingest), (studies[ScreeningCohort.NotDicom].Status, studies[ScreeningCohort.NotDicom].FailureCode, studies[ScreeningCohort.NotDicom].FailureStage));
            Assert.Equal((StudyStatus.Failed, "dicom-undecodable"), (studies[ScreeningCohort.Truncated].Status, studies[ScreeningCohort.Truncated].FailureCode));
            Assert.EndsWith("IM0001.dcm", studies[ScreeningCohort.Truncated].FailureFile, StringComparison.Ordinal);
            Assert.Contains(ScreeningCohort.Truncated, studies[ScreeningCohort.Truncated].FailureReason, StringComparison.Ordinal);
            Assert.Equal((StudyStatus.Failed, "no-ct"), (studies[ScreeningCohort.NoCt].Status, studies[ScreeningCohort.NoCt].FailureCode));

            var resultsDir = Path.Combine(_root, "results");
            var written = await ActivatorUtilities.CreateInstance<ResultExporter>(host.Services).ExportAsync(plan.BatchId, resultsDir, CancellationToken.None);
            Assert.Equal(5, written);
            foreach (var p in phantoms)
            {
                var doc = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(resultsDir, p.StudyInstanceUid + ".json")))!;
                Assert.Equal("liverscreen-study-result/1", (string?)doc["format"]);
                Assert.Equal("completed", (string?)doc["status"]);
                Assert.Equal(p.StudyInstanceUid, (string?)doc["studyInstanceUid"]);
                Assert.False(string.IsNullOrEmpty((string?)doc["patientId"]));
                Assert.False(string.IsNullOrEmpty((string?)doc["triage"]));
                var phases = doc["phases"]!.AsArray();
                Assert.Equal(p.Phases.Count, phases.Count);
                Assert.Contains(phases, x => (string?)x!["phase"] == "NC");
                Assert.Contains((string?)doc["referenceSeriesInstanceUid"], p.Phases.Select(x => x.SeriesInstanceUid));
                Assert.Equal(p.Phases.Count == 1 ? "screening" : "diagnosis", (string?)doc["setting"]);
                var confidence = (double)doc["confidence"]!;
                Assert.InRange(confidence, 0, 1);
                Assert.NotNull(doc["lesions"]);
                var models = doc["models"]!.AsArray();
                Assert.Equal(2, models.Count);
                Assert.All(models, m => Assert.Equal(64, ((string?)m!["sha256"])!.Length));
                var timings = doc["timingsMs"]!.AsObject();
                foreach (var stage in new[] { "ingest", "align", "segment", "reclassify" })
                {
                    Assert.True((double)timings[stage]! > 0, stage);
                }

                Assert.True((double)timings["segmentInference"]! > 0);
            }

            var failed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(resultsDir, ScreeningCohort.NoCt + ".json")))!;
            Assert.Equal("failed", (string?)failed["status"]);
            Assert.Equal("no-ct", (string?)failed["error"]!["code"]);
            Assert.Equal("technical-failure", (string?)failed["triage"]);
            Assert.Contains(ScreeningCohort.NoCt, (string?)failed["error"]!["message"], StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: SQLite may still hold the file briefly
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LiverScreen.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LiverScreen.sln not found above the test binaries.");
    }
}
