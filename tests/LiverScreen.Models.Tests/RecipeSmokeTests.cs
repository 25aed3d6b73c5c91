using System.Diagnostics;
using System.Text.Json.Nodes;
using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Typing;
using LiverScreen.LocalServers;
using LiverScreen.Imaging;
using LiverScreen.Inference;
using LiverScreen.Inference.Registry;
using LiverScreen.Inference.Runtime;
using LiverScreen.Inference.Volumes;
using LiverScreen.Phantoms;
using LiverScreen.Phantoms.Export;
using LiverScreen.TestServers;
using LiverScreen.Tests.Support;
using Xunit.Abstractions;

namespace LiverScreen.Models.Tests;

/// <summary>
/// The CI smoke test of the training recipe (issue 5): a tiny phantom export from our generator, a few steps of each
/// trainer with a stop and a resume, export to ONNX opset 17 with the model cards, then each model through OUR engine
/// (registry: sha256 and card vs graph; sliding-window and patch inference) compared with PyTorch's own eval output.
/// Toy sizes (6 x 6 x 10 mm voxels, 8 x 32 x 32 training patches): it checks the plumbing, not model quality.
/// </summary>
public sealed class RecipeSmokeTests(ITestOutputHelper output)
{
    // Coarse working spacing: a study is about 64 x 64 x 20 voxels, so training steps and validation take well under
    // a second each on 2 idle cores.
    private static readonly Vec3 Spacing = new(6, 6, 10);
    private static readonly AcquisitionOverride Small = new(256, 40, 5.0, AllPhases: false);
    // export_all.sh writes the training patch into the card: the engine's tiles are what the network trained on.
    private static readonly int[] SegCardPatch = [8, 32, 32];

    // PyTorch (MKL-DNN) and ONNX Runtime sum convolutions in different orders; softmax outputs agree to ~1e-6.
    private const float Tolerance = 1e-4f;

    [RecipeFact]
    public async Task Recipe_trains_resumes_exports_and_its_models_run_in_our_engine_as_in_pytorch()
    {
        var work = Directory.CreateTempSubdirectory("ls-recipe-smoke-").FullName;
        var watch = Stopwatch.StartNew();
        var train = Path.Combine(work, "export", "train");
        var val = Path.Combine(work, "export", "val");
        WriteExport(train, seed: 71, count: 3, lesionsEach: false);
        WriteExport(val, seed: 72, count: 2, lesionsEach: true);
        output.WriteLine($"phantom exports: {watch.Elapsed.TotalSeconds:0.0} s");

        var (code, log) = await ProcessTools.RunAsync(RecipeEnvironment.Python,
            ["-W", "ignore", Path.Combine(RecipeEnvironment.TrainingDir, "tests", "smoke.py"), "--train", train, "--val", val, "--work", work,
             "--skip-units", "--skip-noshuffle", "--seg-patch", string.Join(",", SegCardPatch), "--recls-patch", "8,32,32"],
            Path.Combine(work, "smoke.log"), TimeSpan.FromMinutes(8));
        output.WriteLine($"train + resume + export_all.sh (python): {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var line in File.ReadLines(Path.Combine(work, "smoke.log")).Where(l => l.StartsWith("==", StringComparison.Ordinal)))
            output.WriteLine("  " + line);
        Assert.True(code == 0, $"models/training/tests/smoke.py failed (exit {code}); work dir {work}:\n{log}");

        AssertResumedLog(Path.Combine(work, "runs", "seg-seed1"), stoppedAt: 2, resumedTo: 3);
        AssertResumedLog(Path.Combine(work, "runs", "recls-shuffle"), stoppedAt: 2, resumedTo: 3);

        using var registry = new ModelRegistry(Path.Combine(work, "models"), new OrtInferenceEngine(OrtRuntime.Default), new InferenceOptions { IntraOpThreads = 2 });
        Assert.Empty(registry.ScanProblems);
        // no no-shuffle reclassifier here (--skip-noshuffle: same code, other schemes; smoke_test.sh covers it)
        Assert.Equal(["lesion-recls", "liver-seg"], registry.List().Select(m => m.Card.Name).Order(StringComparer.Ordinal));

        var seg = registry.Load("liver-seg");  // sha256 and the graph's inputs/outputs checked against the card
        AssertCardMatchesExport(seg.Card, "segmentation", SegCardPatch);
        Assert.Equal([1, 2], seg.Card.Training!.Seeds!.Order());
        AssertSegmentationMatchesPytorch(seg, val, Path.Combine(work, "reference", "liver-seg"));

        var recls = registry.Load("lesion-recls");
        AssertCardMatchesExport(recls.Card, "reclassification", [8, 32, 32]);
        AssertReclassifierMatchesPytorch(recls, val, Path.Combine(work, "reference", "lesion-recls"));

        AssertTypingMatchesPython(Path.Combine(work, "models", "lesion-typing", LesionTypingModel.FileName), val, Path.Combine(work, "reference", "lesion-typing.json"));

        output.WriteLine($"total: {watch.Elapsed.TotalSeconds:0.0} s");
        Directory.Delete(work, recursive: true);
    }

    /// <summary>Studies of the diagnosis preset (several phases); with <paramref name="lesionsEach"/> only studies
    /// holding a lesion of at least 2 cm3 (several voxels even at this coarse spacing). Same seed, same bytes.</summary>
    private static void WriteExport(string dir, int seed, int count, bool lesionsEach)
    {
        var exporter = new TrainingExporter(dir, Spacing);
        var written = 0;
        for (var i = 0; written < count; i++)
        {
            Assert.True(i < 40, $"seed {seed}: fewer than {count} diagnosis phantoms with a 2 cm3 lesion among the first 40");
            var study = PhantomSampler.Sample(seed, i, PhantomPreset.Diagnosis, Small);
            if (lesionsEach && !study.Lesions.Any(l => l.VolumeCc >= 2))
                continue;
            exporter.Add(study);
            written++;
        }
    }

    /// <summary>log.jsonl of a run stopped at <paramref name="stoppedAt"/> steps and resumed: one start, a resume where
    /// it stopped, epochs numbered 1..n with increasing steps and elapsed time, and both checkpoints written.</summary>
    private static void AssertResumedLog(string run, int stoppedAt, int resumedTo)
    {
        var log = File.ReadAllLines(Path.Combine(run, "log.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        var events = log.Select(e => e["event"]!.GetValue<string>()).Where(e => e != "warning").ToList();
        Assert.Equal("start", events[0]);
        Assert.Equal(1, events.Count(e => e == "start"));
        var resume = Assert.Single(log, e => e["event"]!.GetValue<string>() == "resume");
        Assert.Equal(stoppedAt, resume["step"]!.GetValue<int>());
        Assert.Equal([stoppedAt, resumedTo], log.Where(e => e["event"]!.GetValue<string>() == "end").Select(e => e["step"]!.GetValue<int>()));
        var epochs = log.Where(e => e["event"]!.GetValue<string>() == "epoch").ToList();
        Assert.Equal(Enumerable.Range(1, epochs.Count), epochs.Select(e => e["epoch"]!.GetValue<int>()));
        var steps = epochs.Select(e => e["step"]!.GetValue<int>()).ToList();
        Assert.Equal(steps.Order().Distinct(), steps);
        Assert.Equal(resumedTo, steps[^1]);
        var elapsed = epochs.Select(e => e["elapsed_s"]!.GetValue<double>()).ToList();
        Assert.Equal(elapsed.Order(), elapsed);
        Assert.All(epochs, e => Assert.True(double.IsFinite(e["loss"]!.GetValue<double>()), $"{run}: loss {e["loss"]}"));
        Assert.True(File.Exists(Path.Combine(run, "last.pt")) && File.Exists(Path.Combine(run, "best.pt")), $"{run}: last.pt / best.pt missing");
    }

    /// <summary>The fitted typing model loads, and our features and probabilities of one exported lesion are
    /// train_typing.py's (phases as the pipeline holds them: whole HU).</summary>
    private static void AssertTypingMatchesPython(string modelPath, string valDir, string referencePath)
    {
        var model = LesionTypingModel.Load(modelPath);
        Assert.True(model.Synthetic, $"{modelPath}: a phantom-fitted model must say synthetic: true");
        var reference = JsonNode.Parse(File.ReadAllText(referencePath))!;
        var study = ExportedStudy.Load(valDir, reference["study"]!.GetValue<string>());
        var labels = study.Labels();
        var phases = study.Phases().ToDictionary(kv => kv.Key, kv => new Volume<short>(labels.Geometry, kv.Value.Data.Select(v => (short)Math.Round(v)).ToArray()));
        var lesion = LesionMeasures.Describe(1, LesionType.HCC, study.InstanceVoxels(reference["lesion"]!.GetValue<int>()), labels.Geometry, phases);

        var features = EnhancementFeatures.Compute(lesion, phases, EnhancementFeatures.LiverMeanHu(labels, phases));
        var probabilities = model.Predict(features);

        var expected = reference["features"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - features[i]) < 0.01, $"feature {i}: C# {features[i]}, Python {expected[i]}");
        var expectedP = reference["probabilities"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        for (var k = 0; k < expectedP.Length; k++)
            Assert.True(Math.Abs(expectedP[k] - probabilities[k]) < 0.01, $"P({LesionTypingModel.Types[k]}): C# {probabilities[k]}, Python {expectedP[k]}");
    }

    private static void AssertCardMatchesExport(Inference.Cards.ModelCard card, string task, int[] patch)
    {
        Assert.Equal(task, card.Task);
        Assert.True(card.Synthetic, $"{card.Name}: a phantom-trained model must say synthetic: true");
        Assert.Equal([Spacing.X, Spacing.Y, Spacing.Z], card.WorkingSpacingMm);
        Assert.Equal(patch, card.PatchSize);
        string[] phases = ["NC", "AP", "VP", "DP", "NC_present", "AP_present", "VP_present", "DP_present"];
        // the segmentation network also takes LR_position (docs/formats.md); the reclassifier's patches do not
        Assert.Equal(task == "segmentation" ? [.. phases, "LR_position"] : phases, card.Channels);
        Assert.Equal(8, card.Classes.Count);
        Assert.NotNull(card.Metrics?.Cohort);
        Assert.Contains(card.Training!.Selected!.Value, card.Training.Seeds!);
    }

    /// <summary>
    /// PyTorch's eval output for a patch-sized region of a validation study (reference/output.npy), against (1) our
    /// session on PyTorch's own input and (2) our sliding-window inference building its input from the export's HU
    /// volumes: (1) checks the ONNX graph (instance norm, softmax), (2) also the card contract (channels, window,
    /// presence flags) between recipe and engine.
    /// </summary>
    private void AssertSegmentationMatchesPytorch(LoadedModel model, string valDir, string referenceDir)
    {
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(referenceDir, "reference.json")))!;
        var (x, xShape) = NpyArray.ReadFloat32Tensor(Path.Combine(referenceDir, "input.npy"));
        var (expected, yShape) = NpyArray.ReadFloat32(Path.Combine(referenceDir, "output.npy"));
        Assert.Equal([1, 8, .. SegCardPatch], yShape);
        AssertNotConstant(expected, 8, "liver-seg");

        var direct = Assert.Single(model.Session.Run([new NamedTensor("image", x, xShape)]));
        Assert.Equal([1L, 8, .. SegCardPatch.Select(d => (long)d)], direct.Shape);
        var directDiff = MaxAbsDiff(direct.Data.Span, expected);
        output.WriteLine($"liver-seg: ONNX Runtime vs PyTorch on the same input: max |diff| {directDiff:E2}");
        Assert.True(directDiff < Tolerance, $"liver-seg ONNX output differs from PyTorch eval output by {directDiff} (> {Tolerance}): the export changed the network");
        AssertSoftmax(direct.Data.Span, 8, SegCardPatch.Aggregate(1, (a, b) => a * b));

        var study = ExportedStudy.Load(valDir, reference["study"]!.GetValue<string>());
        var start = reference["start"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();
        var phases = study.Phases(start[0], start[1], start[2], new Size3(SegCardPatch[2], SegCardPatch[1], SegCardPatch[0]));
        var maps = SlidingWindowInference.Run(model.Session, model.Card, phases, new SlidingWindowOptions { Storage = ProbabilityStorage.FullPrecision });
        var engineDiff = 0f;
        for (var c = 0; c < 8; c++)
            engineDiff = Math.Max(engineDiff, MaxAbsDiff(maps.FloatPlane(c), expected.AsSpan(c * maps.FloatPlane(c).Length, maps.FloatPlane(c).Length)));
        output.WriteLine($"liver-seg: engine sliding window from HU vs PyTorch: max |diff| {engineDiff:E2}");
        Assert.True(engineDiff < Tolerance,
            $"liver-seg through the engine (input built from the export's HU by the card) differs from PyTorch by {engineDiff}: recipe and engine disagree on the input contract");
    }

    /// <summary>The reclassifier on a liver-masked patch centred on a validation lesion: our PatchBatchInference (mask
    /// from the export's labels) against PyTorch's output for the patch the recipe builds (shuffle.masked_patch).</summary>
    private void AssertReclassifierMatchesPytorch(LoadedModel model, string valDir, string referenceDir)
    {
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(referenceDir, "reference.json")))!;
        var (expected, yShape) = NpyArray.ReadFloat32(Path.Combine(referenceDir, "output.npy"));
        Assert.Equal([1, 8, .. model.Card.PatchSize], yShape);
        AssertNotConstant(expected, 8, "lesion-recls");
        var study = ExportedStudy.Load(valDir, reference["study"]!.GetValue<string>());
        var c = reference["centre"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray();  // z, y, x

        var prediction = Assert.Single(PatchBatchInference.Run(model.Session, model.Card, study.Phases(), study.LiverMask(), [new PatchCenter(c[2], c[1], c[0])]));

        var tile = model.Card.PatchSize.Aggregate(1, (a, b) => a * b);
        Assert.Equal(8 * tile, prediction.Probabilities.Length);
        AssertSoftmax(prediction.Probabilities, 8, tile);
        var diff = MaxAbsDiff(prediction.Probabilities, expected);
        output.WriteLine($"lesion-recls: engine patch inference (liver-masked) vs PyTorch: max |diff| {diff:E2}");
        Assert.True(diff < Tolerance, $"lesion-recls through the engine differs from PyTorch by {diff}: masking, window or graph disagree");
    }

    /// <summary>The comparisons mean something only if the output varies over the patch (not a constant map).</summary>
    private static void AssertNotConstant(float[] probabilities, int classes, string model)
    {
        var voxels = probabilities.Length / classes;
        var spread = Enumerable.Range(0, classes)
            .Max(k => probabilities.AsSpan(k * voxels, voxels).ToArray() is var p ? p.Max() - p.Min() : 0f);
        Assert.True(spread > 1e-3f, $"{model}: PyTorch's reference output is nearly constant over the patch (spread {spread}); the comparison would prove nothing");
    }

    private static void AssertSoftmax(ReadOnlySpan<float> probabilities, int classes, int voxels)
    {
        for (var v = 0; v < voxels; v++)
        {
            var sum = 0f;
            for (var k = 0; k < classes; k++)
            {
                var p = probabilities[(k * voxels) + v];
                Assert.True(p is >= 0 and <= 1, $"probability {p} at voxel {v}, class {k}");
                sum += p;
            }

            Assert.True(Math.Abs(sum - 1) < 1e-4, $"probabilities sum to {sum} at voxel {v}");
        }
    }

    private static float MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(b.Length, a.Length);
        var worst = 0f;
        for (var i = 0; i < a.Length; i++)
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }
}
