using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LiverScreen.Cli.Output;
using LiverScreen.Evaluation;
using LiverScreen.Evaluation.IO;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Reports;
using LiverScreen.Evaluation.Truth;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen evaluate --results DIR --truth truth.json --out DIR [--json]`: paper 002's lesion- and patient-level
/// tables for a cohort of result documents against phantom truth, written as evaluation.md and evaluation.json.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var results = new Option<DirectoryInfo>("--results") { Description = "Folder of per-study result documents (<StudyInstanceUid>.json).", Required = true };
        var truth = new Option<FileInfo>("--truth") { Description = "Phantom ground truth (truth.json from `liverscreen synth`).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for evaluation.md and evaluation.json (created if missing).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the evaluation JSON to stdout instead of the summary tables." };
        var command = new Command(
            "evaluate",
            "Paper 002's tables for a cohort: lesion-level TP/FL/FP/FN, precision, recall and rough recall per type, malignant and size bin; "
            + "patient-level malignancy sensitivity/specificity for Base, Base+ReCls, High+ReCls and the joint model per setting; "
            + "uncertain rate; abstention curve; Wilson 95% intervals. Synthetic phantom results, not clinical performance.")
        {
            results,
            truth,
            output,
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(results)!, parse.GetValue(truth)!, parse.GetValue(output)!, parse.GetValue(json)));
        return command;
    }

    private static int Run(DirectoryInfo resultsDir, FileInfo truthFile, DirectoryInfo outDir, bool json)
    {
        var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        TruthDocument truth;
        try
        {
            truth = TruthJson.Parse(File.ReadAllText(truthFile.FullName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            Console.Error.WriteLine($"evaluate: cannot read truth file '{truthFile.FullName}': {ex.Message}");
            return 2;
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

        var report = CohortEvaluator.Evaluate(truth, loaded);
        outDir.Create();
        var mdPath = Path.Combine(outDir.FullName, "evaluation.md");
        var jsonPath = Path.Combine(outDir.FullName, "evaluation.json");
        File.WriteAllText(mdPath, MarkdownReport.Render(report));
        File.WriteAllText(jsonPath, EvaluationJson.Serialize(report));

        if (json)
        {
            CliJson.Print(report);
            return 0;
        }

        Summarise(report, mdPath, jsonPath);
        return 0;
    }

    private static void Summarise(EvaluationReport report, string mdPath, string jsonPath)
    {
        AnsiConsole.Write(new Rule($"[yellow]{Markup.Escape(report.Title)}[/]"));
        AnsiConsole.MarkupLine(CultureInfo.InvariantCulture, $"Studies in truth: {report.TruthStudies}, evaluated: {report.Evaluated}, left out: {report.Problems.Count}");
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
            var seventy = s.Abstention.FirstOrDefault(a => a.KeepPercent == 70);
            var all = s.Abstention.FirstOrDefault(a => a.KeepPercent == 100);
            if (seventy is not null && all is not null)
            {
                AnsiConsole.MarkupLine(Markup.Escape($"Accuracy on all: {MarkdownReport.Pct(all.Accuracy)}; on the most confident 70%: {MarkdownReport.Pct(seventy.Accuracy)}"));
            }
        }

        AnsiConsole.MarkupLine(Markup.Escape($"Wrote {mdPath} and {jsonPath}"));
    }
}
