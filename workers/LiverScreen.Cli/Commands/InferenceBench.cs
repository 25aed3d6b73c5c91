using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LiverScreen.Cli.Output;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Inference;
using LiverScreen.Inference.Cards;
using LiverScreen.Inference.Registry;
using LiverScreen.Inference.Runtime;
using LiverScreen.Inference.Volumes;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen bench inference`: (1) the same model, input and thread count through our C API binding and through
/// onnxruntime-node (same libonnxruntime.so.1), interleaved in rounds, medians and ratio; (2) whole-volume sliding-window
/// throughput (voxels/s) and peak memory for a 4-phase study of the given size.
/// </summary>
public static class InferenceBench
{
    private const double OverheadTargetPercent = 3;
    private const long MemoryTargetBytes = 3L << 30;

    public static Command Create()
    {
        var model = new Option<DirectoryInfo?>("--model")
        {
            Description = "Model folder (model.json + model.onnx). Default: models/liver-seg when it exists, else the U-Net-sized stand-in "
                          + "tests/LiverScreen.Inference.Tests/TestData/unet-standin (3-level 16/32/64 U-Net, random weights).",
        };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads for both bindings.", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Interleaved rounds (ours, node, alternating order); fine interleaving matters on a shared machine.", DefaultValueFactory = _ => 10 };
        var runs = new Option<int>("--runs-per-round") { Description = "Runs per binding per round (the small case runs twice as many, over four times the rounds).", DefaultValueFactory = _ => 1 };
        var volume = new Option<string>("--volume") { Description = "Whole-volume size XxYxZ in voxels (4 phases).", DefaultValueFactory = _ => "512x512x100" };
        var overlap = new Option<double?>("--overlap") { Description = "Tile overlap for the whole-volume run (default: the card's)." };
        var skipVolume = new Option<bool>("--skip-volume") { Description = "Only compare the bindings." };
        var json = new Option<bool>("--json") { Description = "Print the JSON result instead of tables." };
        var command = new Command("inference", "Our ONNX Runtime binding vs onnxruntime-node (same model, input, threads; medians, ratio), then whole-volume voxels/s and peak memory.")
        {
            model, threads, rounds, runs, volume, overlap, skipVolume, json,
        };
        command.SetAction(parse => Run(parse.GetValue(model), parse.GetValue(threads), parse.GetValue(rounds), parse.GetValue(runs),
            parse.GetValue(volume)!, parse.GetValue(overlap), parse.GetValue(skipVolume), parse.GetValue(json)));
        return command;
    }

    private static int Run(DirectoryInfo? modelDir, int threads, int rounds, int runsPerRound, string volumeText, double? overlap, bool skipVolume, bool json)
    {
        var home = Environment.GetEnvironmentVariable("LIVERSCREEN_HOME") ?? Path.GetDirectoryName(ModelRegistry.FindDefaultRoot() ?? ".")!;
        var folder = modelDir?.FullName ?? DefaultModel(home);
        var card = ModelCards.Load(Path.Combine(folder, ModelCards.CardFileName));
        var standIn = Path.GetFileName(folder) == "unet-standin";
        var engine = OrtInferenceEngine.Create();
        // Spinning on, as onnxruntime-node's sessions have it: the side-by-side compares the bindings, not the setting.
        var options = new InferenceOptions { IntraOpThreads = threads, InterOpThreads = 1, AllowSpinning = true };
        var loaded = ModelRegistry.LoadEntry(new ModelEntry(card, folder), engine, options);
        using var session = loaded.Session;

        var comparisons = new List<Comparison>
        {
            Compare(home, session, card, [1, card.Channels.Count, card.PatchSize[0], card.PatchSize[1], card.PatchSize[2]], threads, rounds, runsPerRound, json),
        };
        // A small input too, where fixed per-call overhead is a visible share of the run.
        var tinyDir = Path.Combine(home, "tests/LiverScreen.Inference.Tests/TestData/tiny-seg");
        if (Directory.Exists(tinyDir))
        {
            var tinyCard = ModelCards.Load(Path.Combine(tinyDir, ModelCards.CardFileName));
            using var tiny = ModelRegistry.LoadEntry(new ModelEntry(tinyCard, tinyDir), engine, options).Session;
            comparisons.Add(Compare(home, tiny, tinyCard, [1, 8, 16, 32, 32], threads, rounds * 4, runsPerRound * 2, json));
        }

        // A near-empty run (1x1x2x2 voxels through 1x1x1 convolutions): what is left is each binding's fixed per-call cost.
        var pointDir = Path.Combine(home, "tests/LiverScreen.Inference.Tests/TestData/pointwise");
        if (Directory.Exists(pointDir))
        {
            var pointCard = ModelCards.Load(Path.Combine(pointDir, ModelCards.CardFileName));
            using var point = ModelRegistry.LoadEntry(new ModelEntry(pointCard, pointDir), engine, options).Session;
            comparisons.Add(Compare(home, point, pointCard, [1, 8, 1, 2, 2], threads, rounds * 2, 200, json));
        }

        VolumeResult? volumeResult = null;
        if (!skipVolume)
        {
            volumeResult = WholeVolume(session, card, ParseSize(volumeText), overlap ?? card.Overlap, json);
        }

        var result = new BenchResult(
            engine.Description, threads, folder, card.Name, card.Version,
            standIn ? "U-Net-sized stand-in with random weights (3-level 16/32/64, InstanceNorm); no trained model in models/" : "registry model",
            comparisons, volumeResult);
        if (json)
        {
            CliJson.Print(result);
        }
        else
        {
            Print(result);
        }

        return 0;
    }

    private static string DefaultModel(string home)
    {
        var seg = Path.Combine(home, "models", "liver-seg");
        return File.Exists(Path.Combine(seg, ModelCards.CardFileName))
            ? seg
            : Path.Combine(home, "tests/LiverScreen.Inference.Tests/TestData/unet-standin");
    }

    private static Comparison Compare(string home, IInferenceSession session, ModelCard card, long[] shape, int threads, int rounds, int perRound, bool quiet)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var data = new float[count];
        var rng = new Random(42);
        for (var i = 0; i < count; i++)
        {
            data[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        var inputFile = Path.GetTempFileName();
        File.WriteAllBytes(inputFile, System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
        var input = new NamedTensor(card.Inputs[0].Name, data, shape);
        var ours = new List<double>();
        var node = new List<double>();
        using var nodeProcess = StartNode(home, session.ModelPath, inputFile, card.Inputs[0].Name, shape, threads);
        try
        {
            // Warm-up both (first runs allocate arenas and pick kernels).
            TimeOurs(session, input, 2);
            TimeNode(nodeProcess, 2);
            for (var r = 0; r < rounds; r++)
            {
                if (!quiet)
                {
                    AnsiConsole.MarkupLine($"[grey]{Markup.Escape(card.Name)} [[{string.Join("x", shape)}]]: round {r + 1}/{rounds}[/]");
                }

                if (r % 2 == 0)
                {
                    ours.AddRange(TimeOurs(session, input, perRound));
                    node.AddRange(TimeNode(nodeProcess, perRound));
                }
                else
                {
                    node.AddRange(TimeNode(nodeProcess, perRound));
                    ours.AddRange(TimeOurs(session, input, perRound));
                }
            }

            nodeProcess.StandardInput.WriteLine("quit");
            nodeProcess.WaitForExit(10_000);
        }
        finally
        {
            if (!nodeProcess.HasExited)
            {
                nodeProcess.Kill();
            }

            File.Delete(inputFile);
        }

        var oursMedian = Median(ours);
        var nodeMedian = Median(node);
        var overhead = ((oursMedian / nodeMedian) - 1) * 100;
        return new Comparison(card.Name, shape, ours.Count, oursMedian, nodeMedian, oursMedian / nodeMedian, overhead, overhead <= OverheadTargetPercent);
    }

    private static List<double> TimeOurs(IInferenceSession session, NamedTensor input, int n)
    {
        var ms = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var output = session.Run([input]);
            ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            GC.KeepAlive(output);
        }

        return ms;
    }

    private static List<double> TimeNode(Process node, int n)
    {
        node.StandardInput.WriteLine($"run {n}");
        var line = node.StandardOutput.ReadLine() ?? throw new InvalidOperationException("onnxruntime-node bench exited: " + node.StandardError.ReadToEnd());
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.GetProperty("ms").EnumerateArray().Select(e => e.GetDouble()).ToList();
    }

    private static Process StartNode(string home, string model, string input, string inputName, long[] shape, int threads)
    {
        var ortDir = Path.Combine(home, ".tools/npm/node_modules/onnxruntime-node");
        var script = Path.Combine(home, "workers/LiverScreen.Inference/bench/ort-node-bench.mjs");
        if (!Directory.Exists(ortDir))
        {
            throw new InvalidOperationException($"onnxruntime-node is not installed at {ortDir}: run ./liverscreen (scripts/setup.sh) first.");
        }

        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { script, ortDir, model, input, inputName, string.Join(",", shape), threads.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var ready = p.StandardOutput.ReadLine();
        if (ready is null || !ready.Contains("ready", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("onnxruntime-node bench did not start: " + p.StandardError.ReadToEnd());
        }

        return p;
    }

    private static VolumeResult WholeVolume(IInferenceSession session, ModelCard card, Size3 size, double overlap, bool quiet)
    {
        var spacing = new Vec3(card.WorkingSpacingMm[0], card.WorkingSpacingMm[1], card.WorkingSpacingMm[2]);
        var geometry = VolumeGeometry.Axial(size, spacing, new Vec3(0, 0, 0));
        var phases = new Dictionary<Phase, Volume<float>>();
        foreach (var (phase, i) in new[] { Phase.NC, Phase.AP, Phase.VP, Phase.DP }.Select((p, i) => (p, i)))
        {
            // A smooth body-like ramp plus deterministic texture: content does not change the cost, only the size does.
            var v = new Volume<float>(geometry);
            for (var k = 0; k < v.Data.Length; k++)
            {
                v.Data[k] = -100 + (60 * i) + ((k * 7919) % 400);
            }

            phases[phase] = v;
        }

        var tiles = TileGrid.Starts(size.Z, card.PatchSize[0], overlap).Length
                    * TileGrid.Starts(size.Y, card.PatchSize[1], overlap).Length
                    * TileGrid.Starts(size.X, card.PatchSize[2], overlap).Length;
        var t0 = Stopwatch.GetTimestamp();
        ProbabilityMaps? maps = null;
        if (quiet)
        {
            maps = SlidingWindowInference.Run(session, card, phases, new SlidingWindowOptions { Overlap = overlap });
        }
        else
        {
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"sliding window {size} x 4 phases, {tiles} tiles", maxValue: 1.0);
                maps = SlidingWindowInference.Run(session, card, phases, new SlidingWindowOptions { Overlap = overlap, Progress = new Progress<double>(f => task.Value = f) });
                task.Value = 1.0;
            });
        }

        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        var peak = PeakRss();
        return new VolumeResult(size.ToString(), 4, string.Join(",", card.PatchSize), overlap, tiles, seconds, size.VoxelCount / seconds,
            peak, maps!.SizeInBytes, MemoryTargetBytes, peak < MemoryTargetBytes);
    }

    private static long PeakRss()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static Size3 ParseSize(string text)
    {
        var p = text.Split('x');
        return p.Length == 3 ? new Size3(int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture))
            : throw new ArgumentException($"--volume '{text}' is not XxYxZ");
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }

    private static void Print(BenchResult r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Runtime)}[/], {r.Threads} intra-op threads; model {Markup.Escape(r.Model)} {Markup.Escape(r.Version)} ({Markup.Escape(r.ModelNote)})");
        var t = new Table().AddColumns("model", "input", "runs each", "ours median ms", "onnxruntime-node median ms", "ratio", "overhead", $"target <= {OverheadTargetPercent}%");
        foreach (var c in r.Comparisons)
        {
            t.AddRow(Markup.Escape(c.Model), string.Join("x", c.Input), c.RunsEach.ToString(CultureInfo.InvariantCulture), c.OursMedianMs.ToString("0.000", CultureInfo.InvariantCulture),
                c.NodeMedianMs.ToString("0.000", CultureInfo.InvariantCulture), c.Ratio.ToString("0.000", CultureInfo.InvariantCulture),
                c.OverheadPercent.ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + "%", c.WithinTarget ? "[green]yes[/]" : "[red]no[/]");
        }

        AnsiConsole.Write(t);
        if (r.Volume is { } v)
        {
            var vt = new Table().AddColumns("volume", "phases", "patch z,y,x", "overlap", "tiles", "seconds", "voxels/s", "peak RSS", "maps held", "target < 3 GB");
            vt.AddRow(v.Size, v.Phases.ToString(CultureInfo.InvariantCulture), v.Patch, v.Overlap.ToString("0.##", CultureInfo.InvariantCulture), v.Tiles.ToString(CultureInfo.InvariantCulture), v.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
                v.VoxelsPerSecond.ToString("N0", CultureInfo.InvariantCulture), $"{v.PeakRssBytes / (1024.0 * 1024 * 1024):0.00} GB",
                $"{v.MapsBytes / (1024.0 * 1024):0} MB", v.WithinMemoryTarget ? "[green]yes[/]" : "[red]no[/]");
            AnsiConsole.Write(vt);
        }
    }

    private sealed record Comparison(string Model, long[] Input, int RunsEach, double OursMedianMs, double NodeMedianMs, double Ratio, double OverheadPercent, bool WithinTarget);

    private sealed record VolumeResult(string Size, int Phases, string Patch, double Overlap, int Tiles, double Seconds, double VoxelsPerSecond,
        long PeakRssBytes, long MapsBytes, long MemoryTargetBytes, bool WithinMemoryTarget);

    private sealed record BenchResult(string Runtime, int Threads, string ModelDirectory, string Model, string Version, string ModelNote,
        IReadOnlyList<Comparison> Comparisons, VolumeResult? Volume);
}
