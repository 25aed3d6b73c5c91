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
using LiverScreen.Pipeline.Stages.Real;
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
/// `liverscreen bench pipeline [--four-phase N] [--nc-only N] [--studies N] [--input DIR] [--warmup N] [--baseline] [--json]`:
/// (a) the orchestration alone (stages that do no imaging work: what the bus, database and store cost per study), then
/// (b) the wired stages on phantom cohorts of 4-phase and NC-only 512 x 512 x 45 studies (and --input), one study at a
/// time so each stage's wall time, process CPU time and model time belong to it (<see cref="MeasuredStages"/>).
/// Studies/hour: measured (wall, this machine, now) and the quiet-machine estimate 3600 x cores / CPU-seconds per study.
/// --baseline runs each cohort a second time with the earlier settings (whole field of view) and prints the ratios.
/// Targets (issue 8): 60 four-phase / 180 NC-only studies per hour on 2 cores, at most 15% of stage time outside inference.
/// </summary>
public static class PipelineBench
{
    public static Command Create()
    {
        var studies = new Option<int>("--studies") { Description = "Studies in the orchestration-only run (default 20; 0 skips).", DefaultValueFactory = _ => 20 };
        var input = new Option<string?>("--input") { Description = "A cohort folder or manifest to run through the wired stages as well." };
        var json = new Option<bool>("--json") { Description = "Print the measurements as JSON." };
        var fourPhase = new Option<int>("--four-phase") { Description = "4-phase 512 x 512 x 45 phantom studies screened by the wired stages (default 2; 0 skips).", DefaultValueFactory = _ => 2 };
        var ncOnly = new Option<int>("--nc-only") { Description = "NC-only 512 x 512 x 45 phantom studies screened by the wired stages (default 2; 0 skips).", DefaultValueFactory = _ => 2 };
        var warmup = new Option<int>("--warmup") { Description = "Studies screened untimed before each cohort's timed run (default 1): a worker screens thousands of studies, so its steady state is what the targets are about, not the JIT's first pass. Their times are printed apart. 0 times the cold start too.", DefaultValueFactory = _ => 1 };
        var baseline = new Option<bool>("--baseline") { Description = "Also run each cohort with the earlier settings (whole field of view tiled) and print the speed-up." };
        // Issue 9: the distributed comparison (DistributedPipelineBench.cs) instead of the embedded runs below.
        var distributed = new Option<bool>("--distributed") { Description = "Instead: screen a small phantom cohort embedded and distributed (RabbitMQ, Azurite, PostgreSQL started here as processes) side by side; prints both studies/hour, their ratio, and storage and broker time per study." };
        var distributedStudies = new Option<int>("--distributed-studies") { Description = "NC-only 512 x 512 x 40 phantom studies in each run of --distributed (default 3).", DefaultValueFactory = _ => 3 };
        var command = new Command("pipeline", "Studies/hour through the embedded pipeline on 2 cores (4-phase and NC-only phantom studies), per-stage wall and CPU time, and the share outside model inference.")
        {
            studies,
            input,
            json,
            fourPhase,
            ncOnly,
            warmup,
            baseline,
            distributed,
            distributedStudies,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(distributed))
            {
                return await DistributedPipelineBench.RunAsync(parse.GetValue(distributedStudies), parse.GetValue(json), ct);
            }

            var quiet = parse.GetValue(json);
            var orchestration = parse.GetValue(studies) > 0
                ? await RunOrchestrationAsync(parse.GetValue(studies), ct)
                : null;
            var cohorts = new List<(string Label, string Dir, int Target)>();
            // Phantom cohorts are generated once (same seed, same bytes) under .work/bench and not timed.
            foreach (var (label, n, all) in new[] { ("4-phase 512x512x45", parse.GetValue(fourPhase), true), ("NC-only 512x512x45", parse.GetValue(ncOnly), false) })
            {
                if (n > 0)
                {
                    var dir = Path.GetFullPath(Path.Combine(".work", "bench", $"pipeline-{(all ? "4phase" : "nc")}-{n}"));
                    if (!File.Exists(Path.Combine(dir, "truth.json")))
                    {
                        DemoCohort.Write(dir, n, 8008, new LiverScreen.Phantoms.AcquisitionOverride(512, 45, 5.0, AllPhases: all), includeBroken: false,
                            preset: all ? LiverScreen.Phantoms.PhantomPreset.Diagnosis : LiverScreen.Phantoms.PhantomPreset.Screening);
                    }

                    cohorts.Add((label, dir, all ? 60 : 180));
                }
            }

            if (parse.GetValue(input) is { } cohort)
            {
                cohorts.Add(("--input " + Path.GetFileName(Path.TrimEndingDirectorySeparator(cohort)), cohort, 0));
            }

            var runs = new List<WiredRun>();
            foreach (var (label, dir, target) in cohorts)
            {
                var current = await RunWiredAsync(label, dir, target, null, Math.Max(0, parse.GetValue(warmup)), quiet, ct);
                runs.Add(current);
                if (parse.GetValue(baseline))
                {
                    runs.Add(await RunWiredAsync(label + " baseline (whole field of view)", dir, target, o => o.SegmentationCropToBody = false, Math.Max(0, parse.GetValue(warmup)), quiet, ct) with { BaselineOf = label });
                }
            }

            if (parse.GetValue(json))
            {
                CliJson.Print(new { benchmark = "pipeline", machine = $"{Environment.ProcessorCount} cores", orchestration, runs });
                return 0;
            }

            if (orchestration is not null)
            {
                AnsiConsole.WriteLine(string.Create(Inv,
                    $"orchestration only (stages do no work): {orchestration.Studies} studies in {orchestration.WallSeconds:0.00} s = {orchestration.StudiesPerHour:0} studies/h, {orchestration.CpuSecondsPerStudy * 1000:0} ms CPU per study"));
            }

            var table = new Table().AddColumns("run", "studies", "failed", "stage", "wall s/study", "CPU s/study", "model s/study", "outside model");
            foreach (var r in runs)
            {
                var first = true;
                foreach (var st in r.Stages)
                {
                    table.AddRow(first ? r.Name : string.Empty, first ? r.Studies.ToString(Inv) : string.Empty, first ? r.Failed.ToString(Inv) : string.Empty, st.Stage,
                        (st.WallMs / 1000).ToString("0.0", Inv), (st.CpuMs / 1000).ToString("0.0", Inv), (st.InferenceMs / 1000).ToString("0.0", Inv),
                        st.WallMs > 0 ? (1 - (st.InferenceMs / st.WallMs)).ToString("P0", Inv) : "-");
                    first = false;
                }

                table.AddRow(string.Empty, string.Empty, string.Empty, "[bold]all stages[/]", (r.StageWallSecondsPerStudy).ToString("0.0", Inv),
                    r.CpuSecondsPerStudy.ToString("0.0", Inv), r.InferenceSecondsPerStudy.ToString("0.0", Inv), r.OutsideInferenceShare.ToString("P0", Inv));
            }

            AnsiConsole.Write(table);
            foreach (var r in runs)
            {
                var verdict = r.Target > 0 ? string.Create(Inv, $" = {r.QuietStudiesPerHour / r.Target:0.00}x the target of {r.Target}") : string.Empty;
                AnsiConsole.WriteLine(string.Create(Inv,
                    $"{r.Name}: measured {r.StudiesPerHour:0} studies/h after {r.WarmupStudies} warm-up study(ies) of {r.WarmupSeconds:0} s ({r.WallSecondsPerStudy:0.0} s/study incl. bus, database and batch report; load average {r.LoadAverageStart:0.0} -> {r.LoadAverageEnd:0.0}); quiet {Environment.ProcessorCount}-core estimate {r.QuietStudiesPerHour:0} studies/h ({r.CpuSecondsPerStudy:0.0} CPU-s/study){verdict}; outside model inference {r.OutsideInferenceShare:P0} (target <= 15%)"));
                if (r.BaselineOf is { } of && runs.FirstOrDefault(x => x.Name == of) is { } now && now.CpuSecondsPerStudy > 0)
                {
                    AnsiConsole.WriteLine(string.Create(Inv,
                        $"  {of} vs its baseline: CPU-s/study {now.CpuSecondsPerStudy:0.0} vs {r.CpuSecondsPerStudy:0.0} = {r.CpuSecondsPerStudy / now.CpuSecondsPerStudy:0.00}x faster; segment {now.Stage(StageName.Segment).CpuMs / 1000:0.0} vs {r.Stage(StageName.Segment).CpuMs / 1000:0.0} CPU-s"));
                }
            }

            return 0;
        });
        return command;
    }

    private static readonly IFormatProvider Inv = System.Globalization.CultureInfo.InvariantCulture;

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], Inv);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return double.NaN;
        }
    }

    private static async Task<OrchestrationRun> RunOrchestrationAsync(int count, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "liverscreen-bench-pipeline", Guid.NewGuid().ToString("N"));
        try
        {
            using var host = PipelineHost.Build(new PipelineHostSettings(work, WorkerSelection.All, LogLevel.Error), services =>
            {
                services.AddSingleton<OrchestrationOnlyStages>();
                services.AddSingleton<IIngestStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                services.AddSingleton<IAlignStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                services.AddSingleton<ISegmentStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                services.AddSingleton<IReclassifyStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
                services.AddSingleton<ITriageStage>(sp => sp.GetRequiredService<OrchestrationOnlyStages>());
            });
            await host.StartAsync(ct);
            var batchId = Guid.NewGuid();
            var plan = Enumerable.Range(1, count).Select(i => new IngestStudy(batchId, $"bench-{i:D4}", "bench://" + i)).ToList();
            var cpu = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            await host.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(batchId, "bench", "synthetic", plan, ct);
            await WaitAsync(host, batchId, ct);
            clock.Stop();
            var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            await host.StopAsync(CancellationToken.None);
            return new OrchestrationRun(count, clock.Elapsed.TotalSeconds, count * 3600.0 / clock.Elapsed.TotalSeconds, cpuSeconds / count);
        }
        finally
        {
            Cleanup(work);
        }
    }

    /// <summary>The wired stages on a cohort, one study per batch and one at a time, so each stage's CPU time is its own.
    /// <paramref name="warmup"/> studies (the cohort's first ones, again) run first, untimed: the first study of a process
    /// runs the stages' loops as unoptimised tier-0 and OSR code (align took about 2.5 s on it against 1.3 s from the
    /// third study on, 23 Nov 2026), a cost a long-running worker pays once.</summary>
    private static async Task<WiredRun> RunWiredAsync(string name, string input, int target, Action<StageModelOptions>? configure, int warmup, bool quiet, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "liverscreen-bench-pipeline", Guid.NewGuid().ToString("N"));
        try
        {
            using var host = PipelineHost.Build(new PipelineHostSettings(work, WorkerSelection.All, LogLevel.Error), services =>
            {
                services.AddSingleton<DicomIngestStage>();
                services.AddSingleton<PhaseAlignStage>();
                services.AddSingleton<OnnxSegmentStage>();
                services.AddSingleton<OnnxReclassifyStage>();
                services.AddSingleton<ResultTriageStage>();
                services.AddSingleton(sp => new MeasuredStages(
                    sp.GetRequiredService<DicomIngestStage>(), sp.GetRequiredService<PhaseAlignStage>(), sp.GetRequiredService<OnnxSegmentStage>(),
                    sp.GetRequiredService<OnnxReclassifyStage>(), sp.GetRequiredService<ResultTriageStage>()));
                services.AddSingleton<IIngestStage>(sp => sp.GetRequiredService<MeasuredStages>());
                services.AddSingleton<IAlignStage>(sp => sp.GetRequiredService<MeasuredStages>());
                services.AddSingleton<ISegmentStage>(sp => sp.GetRequiredService<MeasuredStages>());
                services.AddSingleton<IReclassifyStage>(sp => sp.GetRequiredService<MeasuredStages>());
                services.AddSingleton<ITriageStage>(sp => sp.GetRequiredService<MeasuredStages>());
                if (configure is not null)
                {
                    services.PostConfigure(configure);
                }
            });
            await host.StartAsync(ct);
            WarmUp(host.Services.GetRequiredService<StageModels>());
            var plan = BatchPlanner.Plan(input, "bench", Guid.NewGuid());
            var measured = host.Services.GetRequiredService<MeasuredStages>();
            var warmupClock = Stopwatch.StartNew();
            for (var i = 0; i < warmup && plan.Studies.Count > 0; i++)
            {
                await ScreenAloneAsync(host, plan, plan.Studies[i % plan.Studies.Count], "bench warm-up ", ct);
            }

            warmupClock.Stop();
            if (!quiet && warmup > 0)
            {
                PrintMeasurements(name + " warm-up (not counted)", measured);
            }

            measured.Clear();
            var loadStart = LoadAverage();
            var failed = 0;
            var clock = Stopwatch.StartNew();
            var cpu = Environment.CpuUsage.TotalTime;
            var done = 0;
            foreach (var study in plan.Studies)
            {
                var progress = await ScreenAloneAsync(host, plan, study, "bench ", ct);
                failed += progress.ByStatus.GetValueOrDefault(StudyStatus.Failed) + progress.Faulted;
                done++;
                if (!quiet)
                {
                    AnsiConsole.MarkupLine(Markup.Escape(string.Create(Inv, $"  {name}: {done}/{plan.Studies.Count} studies, {clock.Elapsed.TotalSeconds:0} s")));
                }
            }

            clock.Stop();
            var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
            var loadEnd = LoadAverage();
            if (!quiet)
            {
                // Each stage's cost as soon as the run ends: on a starved machine a long bench may be stopped early.
                PrintMeasurements(name, measured);
            }

            await host.StopAsync(CancellationToken.None);
            var n = Math.Max(1, plan.Studies.Count);
            var stages = Enum.GetValues<StageName>()
                .Select(st => (st, list: measured.Measurements.Where(m => m.Stage == st).ToList()))
                .Where(x => x.list.Count > 0)
                .Select(x => new StageCost(x.st.ToString(), x.list.Sum(m => m.WallMs) / n, x.list.Sum(m => m.CpuMs) / n, x.list.Sum(m => m.InferenceMs) / n))
                .ToList();
            var stageWall = stages.Sum(s => s.WallMs) / 1000;
            var inference = stages.Sum(s => s.InferenceMs) / 1000;
            var cpuPerStudy = cpuSeconds / n;
            return new WiredRun(
                name, target, plan.Studies.Count, failed, clock.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds / n, plan.Studies.Count * 3600.0 / clock.Elapsed.TotalSeconds,
                cpuPerStudy, cpuPerStudy > 0 ? 3600.0 * Environment.ProcessorCount / cpuPerStudy : 0, stageWall, inference,
                stageWall > 0 ? 1 - (inference / stageWall) : 1, stages, loadStart, loadEnd, null)
            {
                WarmupStudies = Math.Min(warmup, plan.Studies.Count),
                WarmupSeconds = warmupClock.Elapsed.TotalSeconds,
            };
        }
        finally
        {
            Cleanup(work);
        }
    }

    /// <summary>Loads both models before the clock starts: a worker creates its sessions once, not per study.</summary>
    private static void WarmUp(StageModels models)
    {
        try
        {
            _ = models.Segmentation;
            _ = models.Reclassification;
        }
        catch (LiverScreen.Pipeline.Stages.StageFailureException)
        {
            // The studies will fail with "model-unavailable" and the run says so.
        }
    }

    /// <summary>Screens one study as a batch of its own and waits for the batch to end.</summary>
    private static async Task<BatchProgress> ScreenAloneAsync(IHost host, BatchPlan plan, IngestStudy study, string batchLabel, CancellationToken ct)
    {
        var batchId = Guid.NewGuid();
        await host.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(batchId, batchLabel + study.StudyKey, plan.Source, [study with { BatchId = batchId }], ct);
        return await WaitAsync(host, batchId, ct);
    }

    private static void PrintMeasurements(string label, MeasuredStages measured)
    {
        foreach (var m in measured.Measurements)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(Inv,
                $"  {label} {m.StudyKey} {m.Stage}: wall {m.WallMs / 1000:0.0} s, CPU {m.CpuMs / 1000:0.0} s, model {m.InferenceMs / 1000:0.0} s")));
        }
    }

    private static async Task<BatchProgress> WaitAsync(IHost host, Guid batchId, CancellationToken ct)
    {
        var reader = host.Services.GetRequiredService<BatchProgressReader>();
        BatchProgress? progress;
        while ((progress = await reader.ReadAsync(batchId, ct)) is null || (progress.Status != BatchStatus.Completed && !progress.Stalled))
        {
            await Task.Delay(50, ct);
        }

        return progress;
    }

    private static void Cleanup(string work)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record OrchestrationRun(int Studies, double WallSeconds, double StudiesPerHour, double CpuSecondsPerStudy);

    private sealed record StageCost(string Stage, double WallMs, double CpuMs, double InferenceMs);

    private sealed record WiredRun(
        string Name, int Target, int Studies, int Failed, double WallSeconds, double WallSecondsPerStudy, double StudiesPerHour,
        double CpuSecondsPerStudy, double QuietStudiesPerHour, double StageWallSecondsPerStudy, double InferenceSecondsPerStudy,
        double OutsideInferenceShare, IReadOnlyList<StageCost> Stages, double LoadAverageStart, double LoadAverageEnd, string? BaselineOf)
    {
        /// <summary>Studies screened untimed before the timed run, and how long that took (wall).</summary>
        public int WarmupStudies { get; init; }

        public double WarmupSeconds { get; init; }

        public StageCost Stage(StageName stage) => Stages.FirstOrDefault(s => s.Stage == stage.ToString()) ?? new StageCost(stage.ToString(), 0, 0, 0);
    }
}
