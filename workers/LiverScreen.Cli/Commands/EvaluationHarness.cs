using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiverScreen.Cli.Pipeline;
using LiverScreen.Evaluation;
using LiverScreen.Evaluation.IO;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Truth;
using LiverScreen.Phantoms;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen evaluate --cohort diagnosis:200,screening:500 --out DIR`: the whole evaluation from nothing. For each
/// held-out cohort it draws the phantom studies chunk by chunk (DICOM + truth, <see cref="CohortWriter"/>), screens
/// each chunk through the embedded pipeline (exactly what `screen` does), keeps the result documents and the truth,
/// deletes the chunk's DICOM and pipeline store (a natural diagnosis study is about 0.3 GB of DICOM), then evaluates
/// every cohort together. Resumable: a study whose result document is already in WORK/&lt;cohort&gt;/results is not
/// drawn or screened again, so a stopped run continues where it stopped and a larger --studies extends a smaller run
/// (study i of a seed is the same study whatever the cohort size).
/// </summary>
public static class EvaluationHarness
{
    public static async Task<int> RunAsync(EvaluationRunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var truths = new List<TruthDocument>();
        var loaded = new List<LoadedResult>();
        var notes = new List<string>();
        var total = Stopwatch.StartNew();
        var screenedNow = 0;
        foreach (var spec in settings.Cohorts)
        {
            var n = Math.Min(spec.Studies, settings.MaxStudies ?? int.MaxValue);
            var dir = Path.Combine(Path.GetFullPath(settings.WorkDir), spec.FolderName(settings.Shape));
            var (screened, seconds) = settings.EvaluateOnly ? (0, 0.0) : await ScreenCohortAsync(spec, n, settings, dir, cancellationToken);
            screenedNow += screened;
            if (screened > 0)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{spec.Preset.ToString().ToLowerInvariant()} seed {spec.Seed}: {screened} studies drawn and screened in this run, {seconds / screened:0} s per study wall time (drawing + DICOM + screening)."));
            }

            var (truth, files) = ReadCohort(dir, n);
            truths.Add(truth);
            loaded.AddRange(files.Select(ResultFiles.Read));
            if (settings.EvaluateOnly)
            {
                notes.Add($"{spec.Preset.ToString().ToLowerInvariant()} seed {spec.Seed}: --evaluate-only: {files.Count} of the {n} studies asked for had been screened and are evaluated here.");
            }
            else if (truth.Studies.Count < n)
            {
                notes.Add($"{spec.Preset.ToString().ToLowerInvariant()} seed {spec.Seed}: only {truth.Studies.Count} of {n} studies could be drawn (see the errors above).");
            }
        }

        notes.Add(settings.Shape is null
            ? "Acquisition: each preset's random acquisition (matrix 512/384/256, 1-5 mm slices)."
            : string.Create(CultureInfo.InvariantCulture, $"Acquisition fixed to matrix {settings.Shape.Matrix}, {settings.Shape.Slices} slices of {settings.Shape.ThicknessMm} mm (--shape); everything else random."));
        // The command that reproduces the report draws and screens; --evaluate-only only reports on a stopped run of it.
        var command = settings.EvaluateOnly ? settings.CommandLine.Replace(" --evaluate-only", string.Empty, StringComparison.Ordinal) : settings.CommandLine;
        if (settings.EvaluateOnly)
        {
            notes.Add("Written with --evaluate-only from a run of the command above that was stopped before every study was screened.");
        }

        var report = CohortEvaluator.Evaluate(truths, loaded) with { Command = command, Notes = notes };
        var written = EvaluateCommand.Write(report, settings.OutDir);
        EvaluateCommand.Summarise(report, written);
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Harness finished in {total.Elapsed.TotalMinutes:0.0} min ({screenedNow} studies screened now, the rest resumed from {settings.WorkDir}).")));
        return 0;
    }

    /// <summary>Draws and screens the studies of one cohort that have no result document yet. Returns how many were
    /// screened and the wall seconds it took.</summary>
    private static async Task<(int Screened, double Seconds)> ScreenCohortAsync(CohortSpec spec, int n, EvaluationRunSettings settings, string dir, CancellationToken ct)
    {
        var resultsDir = Path.Combine(dir, "results");
        Directory.CreateDirectory(resultsDir);
        var truth = LoadTruthNodes(dir);
        var todo = Enumerable.Range(0, n).Where(i => !(truth.TryGetValue(i, out var node) && File.Exists(Path.Combine(resultsDir, Uid(node) + ".json")))).ToList();
        var name = $"{spec.Preset.ToString().ToLowerInvariant()} seed {spec.Seed}";
        AnsiConsole.Write(new Rule(Markup.Escape($"{name}: {n - todo.Count} of {n} studies already screened, {todo.Count} to go")).LeftJustified());
        if (todo.Count == 0)
        {
            return (0, 0);
        }

        var watch = Stopwatch.StartNew();
        var done = 0;
        for (var c = 0; c < todo.Count; c += settings.Chunk)
        {
            ct.ThrowIfCancellationRequested();
            var chunk = todo.Skip(c).Take(settings.Chunk).ToList();
            var chunkDir = Path.Combine(dir, $"chunk-{chunk[0]:D6}");
            if (Directory.Exists(chunkDir))
            {
                Directory.Delete(chunkDir, recursive: true); // a stopped chunk is redone from its seed
            }

            var input = Path.Combine(chunkDir, "input");
            var drawn = Draw(spec, settings.Shape, chunk, input);
            if (drawn.Count > 0)
            {
                var screenDir = Path.Combine(chunkDir, "screen");
                var rc = await BatchRun.RunAsync(input, screenDir, $"evaluation {name} studies {chunk[0] + 1}-{chunk[^1] + 1}", json: false, ct);
                var produced = Path.Combine(screenDir, "results");
                if (Directory.Exists(produced))
                {
                    foreach (var f in Directory.EnumerateFiles(produced, "*.json"))
                    {
                        File.Copy(f, Path.Combine(resultsDir, Path.GetFileName(f)), overwrite: true);
                    }
                }

                if (rc != 0)
                {
                    Console.Error.WriteLine($"evaluate: the screening batch of {name} studies {chunk[0] + 1}-{chunk[^1] + 1} ended with code {rc}; its studies without a result are listed as missing and retried on the next run.");
                }

                foreach (var node in drawn)
                {
                    truth[node["index"]!.GetValue<int>()] = node;
                }

                SaveTruth(dir, spec, truth);
            }

            if (!settings.KeepWork)
            {
                Directory.Delete(chunkDir, recursive: true);
            }

            done += chunk.Count;
            var perStudy = watch.Elapsed.TotalSeconds / done;
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{name}: {n - todo.Count + done} of {n} studies screened; {perStudy:0} s per study; about {perStudy * (todo.Count - done) / 60:0} min to go for this cohort")));
        }

        return (done, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Renders the chunk's studies to DICOM with a progress bar; returns their truth entries. A study that
    /// cannot be drawn is reported by seed and index and left out; the others go on.</summary>
    private static List<JsonObject> Draw(CohortSpec spec, AcquisitionOverride? shape, List<int> indices, string input)
    {
        var writer = new CohortWriter(input, spec.Preset, spec.Seed);
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"drawing phantoms {indices[0] + 1}-{indices[^1] + 1}", maxValue: indices.Count);
                foreach (var i in indices)
                {
                    try
                    {
                        writer.Add(PhantomSampler.Sample(spec.Seed, i, spec.Preset, shape));
                    }
                    catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
                    {
                        Console.Error.WriteLine($"evaluate: phantom study {i + 1} of seed {spec.Seed} ({spec.Preset}) could not be drawn: {e.Message}");
                    }

                    task.Increment(1);
                }
            });
        writer.Complete();
        var doc = JsonNode.Parse(File.ReadAllText(Path.Combine(input, "truth.json")))!;
        return doc["studies"]!.AsArray().Select(s => s!.DeepClone().AsObject()).ToList();
    }

    private static string Uid(JsonNode node) => node["studyInstanceUid"]!.GetValue<string>();

    private static Dictionary<int, JsonNode> LoadTruthNodes(string dir)
    {
        var path = Path.Combine(dir, "truth.json");
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var doc = JsonNode.Parse(File.ReadAllText(path))!;
            return doc["studies"]!.AsArray().ToDictionary(s => s!["index"]!.GetValue<int>(), s => s!);
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException)
        {
            throw new IOException($"The cohort truth {path} is unreadable ({e.Message}); delete the folder {dir} to start this cohort again.", e);
        }
    }

    private static void SaveTruth(string dir, CohortSpec spec, Dictionary<int, JsonNode> studies)
    {
        var doc = new JsonObject
        {
            ["format"] = TruthDocument.ExpectedFormat,
            ["synthetic"] = true,
            ["preset"] = spec.Preset.ToString().ToLowerInvariant(),
            ["seed"] = spec.Seed,
            ["studies"] = new JsonArray(studies.OrderBy(kv => kv.Key).Select(kv => kv.Value.DeepClone()).ToArray()),
        };
        var tmp = Path.Combine(dir, "truth.json.tmp");
        File.WriteAllText(tmp, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, Path.Combine(dir, "truth.json"), overwrite: true);
    }

    /// <summary>The cohort's first <paramref name="n"/> studies as truth, and the result files of exactly those studies
    /// (a larger earlier run leaves more in the folder; they are not part of this cohort).</summary>
    private static (TruthDocument Truth, List<string> Files) ReadCohort(string dir, int n)
    {
        var path = Path.Combine(dir, "truth.json");
        if (!File.Exists(path))
        {
            return (new TruthDocument(TruthDocument.ExpectedFormat, true, null, null, []), []); // nothing could be drawn
        }

        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var kept = doc["studies"]!.AsArray().Where(s => s!["index"]!.GetValue<int>() < n).Select(s => s!.DeepClone()).ToArray();
        doc["studies"] = new JsonArray(kept);
        var truth = TruthJson.Parse(doc.ToJsonString());
        var files = truth.Studies
            .Select(s => Path.Combine(dir, "results", s.StudyInstanceUid + ".json"))
            .Where(File.Exists)
            .ToList();
        return (truth, files);
    }
}
