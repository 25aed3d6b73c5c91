using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LiverScreen.Cli.Output;
using LiverScreen.Evaluation;
using LiverScreen.Evaluation.IO;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Reports;
using LiverScreen.Evaluation.Targets;
using LiverScreen.Evaluation.Truth;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen evaluate --results DIR --truth truth.json [--truth more.json] --out DIR [--json]`: paper 002's lesion- and
/// patient-level tables for a cohort of result documents against phantom truth, issue 6's targets beside them, written
/// as evaluation.md, evaluation.json and one abstention-curve SVG per setting.
/// `liverscreen evaluate --cohort diagnosis:200,screening:500 --out DIR`: the same from nothing (draw held-out phantoms,
/// screen them, evaluate; <see cref="EvaluationHarness"/>).
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var results = new Option<DirectoryInfo?>("--results") { Description = "Folder of per-study result documents (<StudyInstanceUid>.json), e.g. OUT/results of `screen`." };
        var truth = new Option<FileInfo[]>("--truth") { Description = "Phantom ground truth (truth.json from `liverscreen synth`); repeat for several cohorts.", AllowMultipleArgumentsPerToken = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for evaluation.md, evaluation.json and abstention-<setting>.svg (created if missing).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the evaluation JSON to stdout instead of the summary tables." };
        var cohort = new Option<string?>("--cohort")
        {
            Description = "Run the whole evaluation from nothing: draw these held-out phantom cohorts, screen them through the pipeline, evaluate. "
                + "PRESET:STUDIES[@SEED],... e.g. diagnosis:200,screening:500 (default seeds diagnosis 7100, screening 7200, mixed 7300; training used 1000 and 9000). "
                + "Resumable: studies already screened under --work are skipped.",
        };
        var studies = new Option<int?>("--studies") { Description = "With --cohort: cap every cohort at its first N studies (a smaller run; a later larger run reuses them)." };
        var shape = new Option<string?>("--shape") { Description = "With --cohort: fixed acquisition MATRIXxSLICESxTHICKNESS, e.g. 256x48x5, for faster runs (default: the preset's random acquisition)." };
        var work = new Option<string>("--work") { Description = "With --cohort: work folder for truth, results and temporary DICOM.", DefaultValueFactory = _ => Path.Combine("out", "evaluation-work") };
        var chunk = new Option<int>("--chunk") { Description = "With --cohort: studies per screening batch (a stop loses at most one chunk).", DefaultValueFactory = _ => 10 };
        var keep = new Option<bool>("--keep-work") { Description = "With --cohort: keep each chunk's DICOM and pipeline store instead of deleting it after screening." };
        var evaluateOnly = new Option<bool>("--evaluate-only") { Description = "With --cohort: draw and screen nothing; evaluate the studies already screened under --work (a long run stopped early)." };
        var command = new Command(
            "evaluate",
            "Paper 002's tables for a cohort: lesion-level TP/FL/FP/FN, precision, recall and rough recall per type, malignant and size bin; "
            + "patient-level malignancy sensitivity/specificity for Base, Base+ReCls, High+ReCls and the joint model per setting; "
            + "uncertain rate; abstention curve (SVG); issue 6's targets met / not met; Wilson 95% intervals. "
            + "With --cohort it first draws and screens held-out phantom cohorts. Synthetic phantom results, not clinical performance.")
        {
            results,
            truth,
            output,
            json,
            cohort,
            studies,
            shape,
            work,
            chunk,
            keep,
            evaluateOnly,
        };
        command.SetAction(async (parse, ct) =>
        {
            var cohortText = parse.GetValue(cohort);
            var outDir = parse.GetValue(output)!;
            if (cohortText is null)
            {
                var r = parse.GetValue(results);
                var t = parse.GetValue(truth) ?? [];
                if (r is null || t.Length == 0)
                {
                    Console.Error.WriteLine("evaluate: give --results DIR and --truth FILE, or --cohort PRESET:STUDIES,... to run the whole evaluation.");
                    return 2;
                }

                return Run(r, t, outDir, parse.GetValue(json));
            }

            if (parse.GetValue(results) is not null || (parse.GetValue(truth) ?? []).Length > 0)
            {
                Console.Error.WriteLine("evaluate: --cohort draws its own truth and results; leave out --results and --truth.");
                return 2;
            }

            try
            {
                var settings = new EvaluationRunSettings(
                    CohortSpec.ParseList(cohortText),
                    parse.GetValue(studies) is { } s ? (s > 0 ? s : throw new FormatException("--studies must be positive.")) : null,
                    CohortSpec.ParseShape(parse.GetValue(shape)),
                    parse.GetValue(work)!,
                    outDir.FullName,
                    parse.GetValue(chunk) is var c && c > 0 ? c : throw new FormatException("--chunk must be positive."),
                    parse.GetValue(keep),
                    "./liverscreen " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(Quote)),
                    parse.GetValue(evaluateOnly));
                return await EvaluationHarness.RunAsync(settings, ct);
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"evaluate: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static int Run(DirectoryInfo resultsDir, FileInfo[] truthFiles, DirectoryInfo outDir, bool json)
    {
        var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var truths = new List<TruthDocument>();
        foreach (var truthFile in truthFiles)
        {
            try
            {
                truths.Add(TruthJson.Parse(File.ReadAllText(truthFile.FullName)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
            {
                Console.Error.WriteLine($"evaluate: cannot read truth file '{truthFile.FullName}': {ex.Message}");
                return 2;
            }
        }

        IReadOnlyList<string> files;
        try
        {
            files = ResultFiles.List(resultsDir.FullName);
        }
        catch (DirectoryNotFoundException ex)
        {
            Console.Error.WriteLine($"evaluate: {ex.Message}");
            return 2;
        }

        var loaded = new List<LoadedResult>(files.Count);
        err.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Reading {files.Count} result files", maxValue: Math.Max(1, files.Count));
                foreach (var f in files)
                {
                    loaded.Add(ResultFiles.Read(f));
                    task.Increment(1);
                }
            });

        var report = CohortEvaluator.Evaluate(truths, loaded);
        var written = Write(report, outDir.FullName);
        if (json)
        {
            CliJson.Print(report);
            return 0;
        }

        Summarise(report, written);
        return 0;
    }

    /// <summary>Writes evaluation.md, evaluation.json and abstention-&lt;setting&gt;.svg; returns the paths.</summary>
    public static IReadOnlyList<string> Write(EvaluationReport report, string outDir)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(outDir);
        var paths = new List<string> { Path.Combine(outDir, "evaluation.md"), Path.Combine(outDir, "evaluation.json") };
        File.WriteAllText(paths[0], MarkdownReport.Render(report));
        File.WriteAllText(paths[1], EvaluationJson.Serialize(report));
        foreach (var s in report.Settings)
        {
            var svg = Path.Combine(outDir, AbstentionSvg.FileName(s.Setting));
            File.WriteAllText(svg, AbstentionSvg.Render(s));
            paths.Add(svg);
        }

        return paths;
    }

    public static void Summarise(EvaluationReport report, IReadOnlyList<string> written)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(written);
        AnsiConsole.Write(new Rule($"[yellow]{Markup.Escape(report.Title)}[/]"));
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"Studies in truth: {report.TruthStudies}, evaluated: {report.Evaluated}, left out: {report.Problems.Count}");
        AnsiConsole.MarkupLine("Models: " + Markup.Escape(string.Join(", ", report.Models.Select(m => $"{m.Name} {m.Version}"))));
        if (report.MixedModels.Count > 0)
        {
            AnsiConsole.MarkupLine($"[red]The results mix versions of {Markup.Escape(string.Join(", ", report.MixedModels))}: no number belongs to a single model; screen again into an empty --work folder.[/]");
        }
        foreach (var s in report.Settings)
        {
            var table = new Table().Title($"{s.Setting}: malignancy per model (synthetic phantoms)")
                .AddColumns("model", "studies", "sensitivity", "specificity", "uncertain");
            foreach (var p in s.Patient)
            {
                table.AddRow(Markup.Escape(p.Model), p.Studies.ToString(CultureInfo.InvariantCulture), Markup.Escape(MarkdownReport.Pct(p.Sensitivity)),
                    Markup.Escape(MarkdownReport.Pct(p.Specificity)), p.Uncertain.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }

        if (report.Targets.Count > 0)
        {
            var targets = new Table().Title("issue 6 targets (synthetic phantoms, not clinical performance)").AddColumns("target", "setting", "goal", "measured (95% CI)", "status");
            foreach (var t in report.Targets)
            {
                var status = t.Status switch
                {
                    TargetStatus.Met => "[green]met[/]",
                    TargetStatus.NotMet => "[red]not met[/]",
                    _ => "[grey]not assessable[/]",
                };
                targets.AddRow(Markup.Escape(t.Name), t.Setting, Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{(t.AtMost ? "<=" : ">=")} {t.Threshold * 100:0.0#}%")),
                    Markup.Escape(MarkdownReport.Pct(t.Measured)), status);
            }

            AnsiConsole.Write(targets);
        }

        AnsiConsole.MarkupLine(Markup.Escape($"Wrote {string.Join(", ", written)}"));
    }

    private static string Quote(string a) => a.Length > 0 && a.All(ch => char.IsLetterOrDigit(ch) || "-_.,:/@=".Contains(ch, StringComparison.Ordinal)) ? a : $"'{a}'";
}
