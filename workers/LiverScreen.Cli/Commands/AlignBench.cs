using System.CommandLine;
using System.Globalization;
using LiverScreen.Alignment;
using LiverScreen.Alignment.Benchmark;
using LiverScreen.Alignment.Elastix;
using LiverScreen.Cli.Output;
using LiverScreen.Dicom.Loading;
using LiverScreen.Imaging;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen bench align`: our phase registration and elastix 5.0.1 on the same pairs with known true
/// motion, in one run: TRE (mean, 95th percentile, median; mm at liver landmarks) and wall time, plus ratios.</summary>
public static class AlignBench
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the JSON report instead of tables." };
        var pairs = new Option<int>("--pairs") { Description = "Number of phase pairs to register.", DefaultValueFactory = _ => 3 };
        var cohort = new Option<DirectoryInfo?>("--cohort") { Description = "Phantom cohort folder (truth.json + DICOM from `liverscreen synth`) instead of in-process synthetic pairs." };
        var noElastix = new Option<bool>("--no-elastix") { Description = "Run only LiverScreen's registration (no comparison)." };
        var affineOnly = new Option<bool>("--affine-only") { Description = "Rigid + affine only, for both methods (no B-spline stage)." };
        var levels = new Option<string?>("--levels") { Description = "Pyramid level spacings in mm, coarse to fine (default 8,4,3): to measure what a coarser finest level costs in TRE." };
        var samples = new Option<string?>("--samples") { Description = "Mattes samples per level, coarse to fine (default 5000,10000,20000)." };
        var deformableLevel = new Option<int?>("--deformable-level") { Description = "Level index the B-spline stage starts on (default 1); it continues on each finer level." };
        var threads = new Option<int>("--elastix-threads") { Description = "Threads given to elastix (default: all cores, as ours uses).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("align", "Phase registration vs elastix 5.0.1 on pairs with known motion: TRE (mm) and wall time, side by side (synthetic phantoms).")
        {
            json, pairs, cohort, noElastix, affineOnly, levels, samples, deformableLevel, threads,
        };
        command.SetAction(parse =>
        {
            var options = new RegistrationOptions { Deformable = !parse.GetValue(affineOnly) };
            try
            {
                options = options with
                {
                    LevelSpacingMm = ParseList(parse.GetValue(levels), double.Parse) ?? options.LevelSpacingMm,
                    SamplesPerLevel = ParseList(parse.GetValue(samples), int.Parse) ?? options.SamplesPerLevel,
                    DeformableLevel = parse.GetValue(deformableLevel) ?? options.DeformableLevel,
                };
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"bench align: --levels and --samples take comma-separated numbers ({e.Message}).");
                return 2;
            }

            return Run(parse.GetValue(json), parse.GetValue(pairs), parse.GetValue(cohort), parse.GetValue(noElastix), options, parse.GetValue(threads));
        });
        return command;
    }

    private static T[]? ParseList<T>(string? text, Func<string, IFormatProvider, T> parse) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => parse(x, CultureInfo.InvariantCulture)).ToArray();

    private static int Run(bool json, int pairCount, DirectoryInfo? cohort, bool noElastix, RegistrationOptions options, int threads)
    {
        if (pairCount < 1)
        {
            Console.Error.WriteLine("bench align: --pairs must be at least 1.");
            return 2;
        }

        IBenchPairSource source = cohort is null
            ? new SyntheticPairSource()
            : new CohortPairSource(cohort.FullName, new FolderSeriesReader().Load);
        ElastixRunner? elastix = null;
        if (!noElastix)
        {
            elastix = new ElastixRunner(ElastixRunner.DefaultParameterFiles(options.Deformable), threads);
            if (!elastix.IsAvailable())
            {
                Console.Error.WriteLine("bench align: elastix 5.0.1 not found on PATH: install it (scripts/setup.sh --test, or apt-get install -y elastix), or pass --no-elastix.");
                return 2;
            }
        }

        var work = Path.Combine(Path.GetTempPath(), $"liverscreen-bench-align-{Environment.ProcessId}");
        var results = new List<BenchPairResult>();
        try
        {
            void Work(Action<string> status)
            {
                foreach (var pair in source.Pairs(pairCount))
                {
                    status($"registering {pair.Name}");
                    results.Add(AlignmentBenchmark.RunPair(pair, options, elastix, work));
                }
            }

            if (json)
            {
                Work(s => Console.Error.WriteLine(s));
            }
            else
            {
                AnsiConsole.Progress().Start(ctx =>
                {
                    var task = ctx.AddTask("generating and registering pairs", maxValue: pairCount);
                    Work(s =>
                    {
                        task.Description = s;
                        task.Increment(results.Count - task.Value);
                    });
                    task.Value = pairCount;
                });
            }
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or FileNotFoundException or InvalidDataException)
        {
            Console.Error.WriteLine($"bench align: {e.Message}");
            return 1;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }

        var report = Summarise(source.Description, options, elastix, results);
        if (json)
        {
            CliJson.Print(report);
        }
        else
        {
            Print(report);
        }

        return 0;
    }

    private static AlignBenchReport Summarise(string source, RegistrationOptions options, ElastixRunner? elastix, List<BenchPairResult> results)
    {
        static MethodSummary Sum(IEnumerable<MethodResult> rs)
        {
            var list = rs.ToList();
            var all = list.SelectMany(r => r.TreMm).ToArray();
            return new MethodSummary(all.Average(), AlignmentBenchmark.Percentile(all, 0.95), AlignmentBenchmark.Percentile(all, 0.5), all.Max(),
                list.Sum(r => r.Seconds), list.Average(r => r.Seconds), list.Count(r => r.Passed));
        }

        var ours = Sum(results.Select(r => r.Ours));
        var el = elastix is null ? null : Sum(results.Select(r => r.Elastix!));
        var initial = results.SelectMany(r => r.InitialTreMm).ToArray();
        return new AlignBenchReport(
            "liverscreen-bench-align/1",
            true,
            source,
            (options.Deformable ? "rigid, affine, B-spline" : "rigid, affine")
                + string.Create(CultureInfo.InvariantCulture, $" (levels {string.Join(',', options.LevelSpacingMm)} mm, samples {string.Join(',', options.SamplesPerLevel)}{(options.Deformable ? $", B-spline from level {options.DeformableLevel}" : string.Empty)})"),
            Environment.ProcessorCount,
            elastix is null ? null : string.Join(' ', elastix.ParameterFiles.Select(Path.GetFileName)),
            initial.Average(),
            initial.Max(),
            results.Select(r => new AlignBenchPair(r.Name, r.InitialTreMm.Average(),
                r.Ours.MeanTre, r.Ours.P95Tre, r.Ours.Seconds, r.Ours.Passed, r.Ours.FailureReason,
                r.Elastix?.MeanTre, r.Elastix?.P95Tre, r.Elastix?.Seconds)).ToArray(),
            ours,
            el,
            el is null ? null : el.TotalSeconds / ours.TotalSeconds,
            el is null ? null : ours.MeanTreMm <= el.MeanTreMm + 0.05,
            ours.MedianTreMm <= 2.0);
    }

    private static void Print(AlignBenchReport r)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 132); // a file or pipe: keep table rows on one line
        }

        static string F(double? v, string fmt = "0.00") => v is null ? "-" : v.Value.ToString(fmt, CultureInfo.InvariantCulture);
        AnsiConsole.MarkupLine($"[bold]bench align[/] (synthetic phantoms; not clinical): {Markup.Escape(r.Source)}");
        AnsiConsole.MarkupLine($"ours: {r.OurMethod} on {r.Cores} cores; elastix 5.0.1: {Markup.Escape(r.ElastixParameterFiles ?? "not run")}");
        var table = new Table().AddColumns("pair", "TRE before", "ours mean", "ours p95", "ours s", "QA", "elastix mean", "elastix p95", "elastix s");
        foreach (var p in r.Pairs)
        {
            table.AddRow(Markup.Escape(p.Name), F(p.InitialTreMm), F(p.OursMeanTreMm), F(p.OursP95TreMm), F(p.OursSeconds), p.OursPassed ? "pass" : "[red]FAIL[/]",
                F(p.ElastixMeanTreMm), F(p.ElastixP95TreMm), F(p.ElastixSeconds));
        }

        AnsiConsole.Write(table);
        var summary = new Table().AddColumns("method", "TRE mean (mm)", "TRE p95 (mm)", "TRE median (mm)", "TRE max (mm)", "total s", "s / pair");
        summary.AddRow("before registration", F(r.InitialMeanTreMm), "-", "-", F(r.InitialMaxTreMm), "-", "-");
        summary.AddRow("LiverScreen", F(r.Ours.MeanTreMm), F(r.Ours.P95TreMm), F(r.Ours.MedianTreMm), F(r.Ours.MaxTreMm), F(r.Ours.TotalSeconds), F(r.Ours.SecondsPerPair));
        if (r.Elastix is { } e)
        {
            summary.AddRow("elastix 5.0.1", F(e.MeanTreMm), F(e.P95TreMm), F(e.MedianTreMm), F(e.MaxTreMm), F(e.TotalSeconds), F(e.SecondsPerPair));
        }

        AnsiConsole.Write(summary);
        if (r.SpeedupVsElastix is { } speedup)
        {
            AnsiConsole.MarkupLine($"speed: ours is [bold]{F(speedup, "0.0")}x[/] faster than elastix (target >= 10x): {(speedup >= 10 ? "[green]met[/]" : "[red]not met[/]")}");
            AnsiConsole.MarkupLine($"accuracy: ours mean TRE {F(r.Ours.MeanTreMm)} mm vs elastix {F(r.Elastix!.MeanTreMm)} mm (target: no worse): {(r.TreNoWorseThanElastix == true ? "[green]met[/]" : "[red]not met[/]")}");
        }

        AnsiConsole.MarkupLine($"median TRE {F(r.Ours.MedianTreMm)} mm (target <= 2 mm): {(r.MedianTreTargetMet ? "[green]met[/]" : "[red]not met[/]")}");
    }
}
