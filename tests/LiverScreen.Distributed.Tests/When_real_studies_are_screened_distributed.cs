using System.Diagnostics;
using System.Text.Json.Nodes;
using LiverScreen.Phantoms;
using LiverScreen.TestServers;
using Xunit.Abstractions;

namespace LiverScreen.Distributed.Tests;

/// <summary>
/// The production path end to end on real servers: real DICOM phantoms (a 4-phase and an NC-only study, 512 x 512 x 12,
/// plus a file that is not DICOM), the committed ONNX models, a real `liverscreen worker --pool all` process, and
/// `liverscreen screen --distributed` uploading, submitting and following the batch. Its per-study result documents
/// must equal those of the embedded `liverscreen screen` of the same folder (run at the same time, in its own process),
/// timings and file paths aside. Synthetic phantoms; the decisions are not clinical.
/// </summary>
public sealed class When_real_studies_are_screened_distributed(RabbitMqFixture rabbit, AzuriteFixture azurite, PostgresFixture postgres, ITestOutputHelper output)
    : IClassFixture<RabbitMqFixture>, IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(8);

    [ServerFact(ServerKind.RabbitMq, ServerKind.Azurite, ServerKind.Postgres)]
    public async Task Screen_distributed_Should_write_the_same_results_and_report_as_the_embedded_screen()
    {
        await using var run = await DistributedRun.CreateAsync(rabbit.Server, azurite.Server, postgres.Server, retryLimit: 3, realStages: true);
        var cohort = Path.Combine(run.Work, "cohort");
        var writer = new CohortWriter(cohort, PhantomPreset.Mixed, 11);
        writer.Add(PhantomSampler.Sample(11, 0, PhantomPreset.Diagnosis, new AcquisitionOverride(512, 12, 5.0, AllPhases: true)));
        writer.Add(PhantomSampler.Sample(11, 1, PhantomPreset.Screening, new AcquisitionOverride(512, 12, 5.0, AllPhases: false)));
        writer.Complete();
        Directory.CreateDirectory(Path.Combine(cohort, "broken-not-dicom"));
        await File.WriteAllTextAsync(Path.Combine(cohort, "broken-not-dicom", "IM0001.dcm"), "not DICOM at all");

        var stopwatch = Stopwatch.StartNew();
        run.StartWorker("worker", "--pool", "all");
        await run.WaitWorkersReadyAsync(TimeSpan.FromMinutes(2));
        var outDistributed = Path.Combine(run.Work, "out-distributed");
        var outEmbedded = Path.Combine(run.Work, "out-embedded");
        var distributed = WorkerProcess.RunAsync(Path.Combine(run.Work, "screen-distributed.log"), run.Environment, Patience,
            "screen", "--input", cohort, "--out", outDistributed, "--distributed", "--json");
        var embedded = WorkerProcess.RunAsync(Path.Combine(run.Work, "screen-embedded.log"), new Dictionary<string, string>(), Patience,
            "screen", "--input", cohort, "--out", outEmbedded, "--json");
        var (distributedExit, distributedOutput) = await distributed;
        var (embeddedExit, embeddedOutput) = await embedded;
        output.WriteLine($"both screens done at {stopwatch.Elapsed.TotalSeconds:F1} s\n{distributedOutput}");
        Assert.True(distributedExit == 0, $"screen --distributed exited {distributedExit}: {distributedOutput}\n{run.Logs()}");
        Assert.True(embeddedExit == 0, $"screen exited {embeddedExit}: {embeddedOutput}");

        var expected = Results(Path.Combine(outEmbedded, "results"));
        var actual = Results(Path.Combine(outDistributed, "results"));
        Assert.Equal(3, expected.Count);
        Assert.Equal(2, expected.Values.Count(r => r.Contains("\"status\":\"completed\"", StringComparison.Ordinal)));
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (name, document) in expected)
        {
            Assert.Equal(document, actual[name]);
        }

        // The report is exported too, with the same decisions (the page itself differs in ids and timings).
        var report = Directory.GetFiles(Path.Combine(outDistributed, "report"), "worklist.csv", SearchOption.AllDirectories);
        var embeddedReport = Directory.GetFiles(Path.Combine(outEmbedded, "report"), "worklist.csv", SearchOption.AllDirectories);
        Assert.Equal(File.ReadAllText(Assert.Single(embeddedReport)), File.ReadAllText(Assert.Single(report)));
        Assert.Single(Directory.GetFiles(Path.Combine(outDistributed, "report"), "report.html", SearchOption.AllDirectories));
    }

    /// <summary>Each results/*.json without what legitimately differs: timings, completion time, and the failed file's
    /// location (a local path embedded, a blob key distributed; also in the message and the technical failure's triage
    /// reason; the error code and study stay).</summary>
    private static SortedDictionary<string, string> Results(string dir)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(dir, "*.json"))
        {
            var doc = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            doc.Remove("timingsMs");
            doc.Remove("completedAt");
            if (doc["error"] is JsonObject error)
            {
                error.Remove("file");
                error.Remove("message");
                doc.Remove("triageReasons"); // a technical failure's reason is that same message
            }

            result[Path.GetFileName(file)] = doc.ToJsonString();
        }

        return result;
    }
}
