using System.CommandLine;
using System.Diagnostics;
using LiverScreen.Phantoms;
using LiverScreen.Phantoms.Export;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen synth`: synthetic CT cohorts (DICOM + truth.json), training exports and preview sheets.</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var preset = new Option<PhantomPreset>("--preset") { Description = "screening (NC only, ~10% lesions), diagnosis (NC+AP+VP, DP in ~2/3) or mixed.", DefaultValueFactory = _ => PhantomPreset.Mixed };
        var studies = new Option<int>("--studies") { Description = "Number of studies.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Cohort seed: same seed, same bytes.", DefaultValueFactory = _ => 1 };
        var first = new Option<int>("--first") { Description = "Index of the first study (to split a cohort across runs).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Output folder for DICOM + truth.json, or the PNG file with --preview." };
        var export = new Option<string?>("--export-training") { Description = "Also write the training export (.npy + manifest.json) to this folder." };
        var spacing = new Option<string>("--spacing") { Description = "Working spacing x,y,z (mm) of the training export.", DefaultValueFactory = _ => "1.5,1.5,5" };
        var exportOnly = new Option<bool>("--export-only") { Description = "Write only the training export (no DICOM written)." };
        var exportImages = new Option<ExportImages>("--export-images")
        {
            Description = "How the export's images are made: pipeline (acquired on the series grid, then resampled onto the working grid " +
                "as the align stage does: what the network sees in use) or direct (rendered on the working grid: faster, cleaner noise; models up to 0.3.0).",
            DefaultValueFactory = _ => ExportImages.Pipeline,
        };
        var preview = new Option<string?>("--preview") { Description = "Write a PNG sheet of a study: a study folder (with truth.json beside it) or a study number with --seed/--preset." };
        var command = new Command("synth", "Generate synthetic abdominal CT phantoms (synthetic data: not patients) with ground truth.")
        {
            preset, studies, seed, first, output, export, spacing, exportOnly, exportImages, preview,
        };
        command.SetAction(parse =>
        {
            try
            {
                var previewArg = parse.GetValue(preview);
                if (previewArg is not null)
                {
                    return Preview(previewArg, parse.GetValue(seed), parse.GetValue(preset), parse.GetValue(output));
                }

                return Generate(parse.GetValue(preset), parse.GetValue(studies), parse.GetValue(seed), parse.GetValue(first), parse.GetValue(output),
                    parse.GetValue(export), parse.GetValue(spacing)!, parse.GetValue(exportOnly), parse.GetValue(exportImages));
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"synth: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static int Generate(PhantomPreset preset, int count, int seed, int first, string? output, string? exportDir, string spacingText, bool exportOnly,
        ExportImages images)
    {
        if (count <= 0)
        {
            throw new ArgumentException("--studies must be positive.");
        }

        if (exportOnly && exportDir is null)
        {
            throw new ArgumentException("--export-only needs --export-training DIR.");
        }

        if (!exportOnly && output is null)
        {
            throw new ArgumentException("--out DIR is required (or use --export-training DIR --export-only).");
        }

        var exporter = exportDir is null ? null : new TrainingExporter(exportDir, TrainingExporter.ParseSpacing(spacingText), images);
        var cohort = exportOnly ? null : new CohortWriter(output!, preset, seed);
        var watch = Stopwatch.StartNew();
        var failures = 0;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"synth {preset} x{count}", maxValue: count);
                for (var i = first; i < first + count; i++)
                {
                    try
                    {
                        var study = PhantomSampler.Sample(seed, i, preset);
                        cohort?.Add(study);
                        exporter?.Add(study);
                    }
                    catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
                    {
                        failures++;
                        Console.Error.WriteLine($"synth: study {i + 1} (seed {seed}) failed: {e.Message}");
                    }

                    task.Increment(1);
                }
            });
        cohort?.Complete();
        AnsiConsole.MarkupLine($"[green]{count - failures}[/] synthetic studies in {watch.Elapsed.TotalSeconds:0.0} s" +
            (output is not null && !exportOnly ? $" -> {Markup.Escape(output)}" : string.Empty) +
            (exportDir is not null ? $", training export -> {Markup.Escape(exportDir)}" : string.Empty));
        return failures == 0 ? 0 : 1;
    }

    private static int Preview(string study, int seed, PhantomPreset preset, string? output)
    {
        if (output is null)
        {
            throw new ArgumentException("--preview needs --out FILE.png.");
        }

        var (s, index, p) = CohortWriter.Locate(study, seed, preset);
        var phantom = PhantomSampler.Sample(s, index, p);
        PreviewSheet.Build(phantom).SavePng(output);
        AnsiConsole.MarkupLine($"preview of {phantom.Folder} ({phantom.PatientClass}, {string.Join("+", phantom.Phases.Select(x => x.Phase))}) -> {Markup.Escape(output)}");
        return 0;
    }
}
