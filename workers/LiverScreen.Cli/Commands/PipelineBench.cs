using System.CommandLine;
using System.Diagnostics;
using LiverScreen.Cli.Output;
using LiverScreen.Cli.Pipeline;
using LiverScreen.Contracts;
using LiverScreen.Functions.Ingestion;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Benchmarks;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Reports;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen bench pipeline [--studies N] [--input DIR] [--json]`: studies per hour through the embedded pipeline,
/// per-stage time and the share of stage time outside model inference, side by side for (a) the orchestration alone
/// (stages that do no imaging work: what the bus, database and store cost per study) and (b) the wired stages on a
/// real cohort when --input is given. Targets (issue 8): 60 four-phase / 180 NC-only studies per hour on 2 cores,
/// at most 15% of stage time outside inference.
/// </summary>
public static class PipelineBench
{
    public static Command Create()
    {
        var studies = new Option<int>("--studies") { Description = "Studies in the orchestration-only run (default 40).", DefaultValueFactory = _ => 40 };
        var input = new Option<string?>("--input") { Description = "A cohort folder or manifest to run through the wired stages as well." };
        var json = new Option<bool>("--json") { Description = "Print the measurements as JSON." };
        var fourPhase = new Option<int>("--four-phase") { Description = "4-phase 512 x 512 x 45 phantom studies screened by the wired stages (default 2; 0 skips).", DefaultValueFactory = _ => 2 };
        var ncOnly = new Option<int>("--nc-only") { Description = "NC-only 512 x 512 x 45 phantom studies screened by the wired stages (default 3; 0 skips).", DefaultValueFactory = _ => 3 };
        // Issue 9: the distributed comparison (DistributedPipelineBench.cs) instead of the embedded runs below.
        var distributed = new Option<bool>("--distributed") { Description = "Instead: screen a small phantom cohort embedded and distributed (RabbitMQ, Azurite, PostgreSQL started here as processes) side by side; prints both studies/hour, their ratio, and storage and broker time per study." };
        var distributedStudies = new Option<int>("--distributed-studies") { Description = "NC-only 512 x 512 x 40 phantom studies in each run of --distributed (default 3).", DefaultValueFactory = _ => 3 };
        var command = new Command("pipeline", "Studies/hour through the embedded pipeline with per-stage time and the share outside model inference (orchestration alone, and the wired stages with --input).")
        {
            studies,
            input,
            json,
            fourPhase,
            ncOnly,
            distributed,
            distributedStudies,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(distributed))
            {
                return await DistributedPipelineBench.RunAsync(parse.GetValue(distributedStudies), parse.GetValue(json), ct);
            }

            var runs = new List<BenchRun>
            {
                await RunAsync("orchestration only (stages do no work)", null, parse.GetValue(studies), useNullStages: true, ct),
            };
            // Phantom cohorts are generated once (same seed, same bytes) under .work/bench and not timed.
            foreach (var (label, n, all) in new[] { ("4-phase 512x512x45 (wired stages)", parse.GetValue(fourPhase), true), ("NC-only 512x512x45 (wired stages)", parse.GetValue(ncOnly), false) })
            {
                if (n > 0)
                {
                    var dir = Path.GetFullPath(Path.Combine(".work", "bench", $"pipeline-{(all ? "4phase" : "nc")}-{n}"));
                    if (!File.Exists(Path.Combine(dir, "truth.json")))
                    {
                        DemoCohort.Write(dir, n, 8008, new LiverScreen.Phantoms.AcquisitionOverride(512, 45, 5.0, AllPhases: all), includeBroken: false,
                            preset: all ? LiverScreen.Phantoms.PhantomPreset.Diagnosis : LiverScreen.Phantoms.PhantomPreset.Screening);
                    }

                    runs.Add(await RunAsync(label, dir, 0, useNullStages: false, ct));
                }
            }

            var cohort = parse.GetValue(input);
            if (cohort is not null)
            {
                runs.Add(await RunAsync("wired stages", cohort, 0, useNullStages: false, ct));
            }

            if (parse.GetValue(json))
            {
                CliJson.Print(new { benchmark = "pipeline", machine = $"{Environment.ProcessorCount} cores", runs });
                return 0;
            }

            var table = new Table().AddColumns("run", "studies", "failed", "wall s", "studies/h", "ms/study by stage (ingest/align/segment/reclassify/triage)", "outside inference");
            foreach (var r in runs)
            {
                table.AddRow(r.Name, r.Studies.ToString(Inv), r.Failed.ToString(Inv), r.WallSeconds.ToString("0.00", Inv), r.StudiesPerHour.ToString("0", Inv),
                    string.Join(" / ", r.StageMeanMs.Values.Select(v => v.ToString("0.0", Inv))), r.OutsideInferenceShare.ToString("P0", Inv));
            }

            AnsiConsole.Write(table);
            foreach (var r in runs.Skip(1))
            {
                var target = r.Name.StartsWith("4-phase", StringComparison.Ordinal) ? 60 : r.Name.StartsWith("NC-only", StringComparison.Ordinal) ? 180 : 0;
                if (target > 0)
                {
                    AnsiConsole.WriteLine(string.Create(Inv, $"{r.Name}: {r.StudiesPerHour:0} studies/h = {r.StudiesPerHour / target:0.00}x the target of {target}; outside inference {r.OutsideInferenceShare:P0} (target <= 15%)"));
                }
            }

            if (runs.Count == 2 && runs[1].StudiesPerHour > 0)
            {
                AnsiConsole.WriteLine($"orchestration per study = {runs[0].WallSeconds / Math.Max(1, runs[0].Studies) / (runs[1].WallSeconds / Math.Max(1, runs[1].Studies)):P1} of a wired study's wall time");
            }

            return 0;
        });
        return command;
    }

    private static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    private static async Task<BenchRun> RunAsync(string name, string? input, int count, bool useNullStages, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "liverscreen-bench-pipeline", Guid.NewGuid().ToString("N"));
        try
        {
            using var host = PipelineHost.Build(new PipelineHostSettings(work, WorkerSelection.All, LogLevel.Error), services =>
            {
                if (useNullStages)
                {
                    services.AddSingleton<OrchestrationOnlyStages>();
                    services.AddSingleton<IIngestStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                    services.AddSingleton<IAlignStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                    services.AddSingleton<ISegmentStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                    services.AddSingleton<IReclassifyStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                    services.AddSingleton<ITriageStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                }
            });
            await host.StartAsync(ct);
            var batchId = Guid.NewGuid();
            var plan = input is null
                ? new BatchPlan(batchId, "bench", "synthetic", Enumerable.Range(1, count).Select(i => new IngestStudy(batchId, $"bench-{i:D4}", "bench://" + i)).ToList())
                : BatchPlanner.Plan(input, "bench", batchId);
            var clock = Stopwatch.StartNew();
            await host.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(plan.BatchId, plan.Name, plan.Source, plan.Studies, ct);
            var reader = host.Services.GetRequiredService<BatchProgressReader>();
            BatchProgress? progress;
            while ((progress = await reader.ReadAsync(batchId, ct))!.Status != BatchStatus.Completed && !progress.Stalled)
            {
                await Task.Delay(50, ct);
            }

            clock.Stop();
            var report = progress.ReportKey is null ? null : (await host.Services.GetRequiredService<ReportPublisher>().PublishAsync(batchId, null, ct)).Report;
            await host.StopAsync(CancellationToken.None);
            var stages = report?.Throughput.Stages ?? [];
            return new BenchRun(
                name,
                plan.Studies.Count,
                report?.Failed ?? progress.Faulted,
                clock.Elapsed.TotalSeconds,
                plan.Studies.Count * 3600.0 / clock.Elapsed.TotalSeconds,
                Enum.GetValues<StageName>().ToDictionary(s => s.ToString(), s => stages.FirstOrDefault(t => t.Stage == s.ToString())?.MeanMs ?? 0),
                report?.Throughput.OutsideInferenceShare ?? 1);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private sealed record BenchRun(string Name, int Studies, int Failed, double WallSeconds, double StudiesPerHour, IReadOnlyDictionary<string, double> StageMeanMs, double OutsideInferenceShare);
}
