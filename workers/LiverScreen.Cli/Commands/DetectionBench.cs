using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LiverScreen.Cli.Output;
using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Imaging;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen bench detection`: the detection core's CPU cost on a working-grid-sized study (default 256 x 256 x 64,
/// 8 classes, 40 spherical lesions), measured side by side in one run: Eq. 2-3 argmax at the base and high points,
/// seg2det with and without the single-slice bridge split, and patch extraction for reclassification (with a
/// zero-cost classifier, so the ONNX model's time is excluded).
/// </summary>
public static class DetectionBench
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "In-plane voxels (x = y).", DefaultValueFactory = _ => 256 };
        var slices = new Option<int>("--slices") { Description = "Axial slices.", DefaultValueFactory = _ => 64 };
        var lesions = new Option<int>("--lesions") { Description = "Spherical lesions to plant.", DefaultValueFactory = _ => 40 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions (median reported).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("detection", "Time multi-sensitivity argmax, seg2det (bridge split on/off) and reclassifier patch extraction on a synthetic study.")
        {
            size, slices, lesions, repeats, json,
        };
        command.SetAction(parse => Run(parse.GetValue(size), parse.GetValue(slices), parse.GetValue(lesions), Math.Max(1, parse.GetValue(repeats)), parse.GetValue(json)));
        return command;
    }

    private sealed class NullClassifier : IPatchClassifier
    {
        public IReadOnlyList<string> Classes { get; } = ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst"];

        public float[] Predict(PatchBatch batch) => new float[batch.Count * Classes.Count * batch.PatchVoxels];
    }

    private static int Run(int n, int nz, int lesionCount, int repeats, bool json)
    {
        var g = VolumeGeometry.Axial(new Size3(n, n, nz), new Vec3(1.5, 1.5, 5), Vec3.Zero);
        var (probs, phases) = Synthetic(g, lesionCount);
        var results = new List<(string Name, double Ms, string Detail)>();

        Volume<byte> baseLabels = null!, highLabels = null!;
        results.Add(("argmax base (Eq. 2-3, x1)", Median(repeats, () => baseLabels = MultiSensitivitySegmenter.Segment(probs, 1f)), $"{g.Size.VoxelCount:N0} voxels x {probs.ChannelCount} classes"));
        results.Add(("argmax high (Eq. 2-3, x3)", Median(repeats, () => highLabels = MultiSensitivitySegmenter.Segment(probs, 3f)), ""));
        IReadOnlyList<DetectedLesion> found = [];
        results.Add(("seg2det, paper rule", Median(repeats, () => found = Seg2Det.Detect(highLabels, phases, new Seg2DetOptions { SplitSingleSliceBridges = false })), ""));
        var plainCount = found.Count;
        results.Add(("seg2det, bridge split", Median(repeats, () => found = Seg2Det.Detect(highLabels, phases)), $"{found.Count} lesions (paper rule: {plainCount})"));
        var options = ReclassificationOptions.Default;
        results.Add(("reclassify, patches only", Median(repeats, () => LesionReclassifier.Reclassify(found, highLabels, phases, new NullClassifier(), options, 1)),
            $"{found.Count(l => l.VolumeCc <= options.MaxLesionVolumeCc)} candidates x {options.PatchesPerLesion} patches of {options.PatchSize}"));

        var split = results[3].Ms;
        var plain = results[2].Ms;
        if (json)
        {
            CliJson.Print(new
            {
                grid = g.Size.ToString(),
                lesionsPlanted = lesionCount,
                timingsMs = results.Select(r => new { name = r.Name, ms = r.Ms, detail = r.Detail }),
                bridgeSplitOverPaperRule = split / plain,
            });
            return 0;
        }

        var table = new Table().Title($"Detection core on {g.Size} (median of {repeats})").AddColumns("step", "ms", "detail");
        foreach (var (name, ms, detail) in results)
        {
            table.AddRow(name, ms.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(detail));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"seg2det with bridge split / paper rule: {split / plain:0.00}x"));
        return 0;
    }

    private static double Median(int repeats, Action action)
    {
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[repeats / 2];
    }

    /// <summary>A liver ellipsoid with planted spheres of random type and radius; lesion probabilities are weak (0.3) in
    /// a shell around each sphere so the high point finds more than the base point.</summary>
    private static (ClassProbabilities, Dictionary<Phase, Volume<short>>) Synthetic(VolumeGeometry g, int lesionCount)
    {
        var s = g.Size;
        var n = checked((int)s.VoxelCount);
        const int classes = 8;
        var data = new float[classes * n];
        var hu = new Volume<short>(g);
        var random = new Random(42);
        var spheres = Enumerable.Range(0, lesionCount).Select(_ => (
            X: s.X * (0.3 + 0.4 * random.NextDouble()), Y: s.Y * (0.3 + 0.4 * random.NextDouble()), Z: s.Z * (0.2 + 0.6 * random.NextDouble()),
            R: 3 + 12 * random.NextDouble(), Label: 2 + random.Next(6))).ToArray();
        for (var z = 0; z < s.Z; z++)
        {
            for (var y = 0; y < s.Y; y++)
            {
                for (var x = 0; x < s.X; x++)
                {
                    var i = (z * s.Y + y) * s.X + x;
                    double ex = (x - s.X / 2.0) / (s.X * 0.4), ey = (y - s.Y / 2.0) / (s.Y * 0.4), ez = (z - s.Z / 2.0) / (s.Z * 0.45);
                    var inLiver = ex * ex + ey * ey + ez * ez < 1;
                    var label = inLiver ? 1 : 0;
                    var p = 0.9f;
                    foreach (var sp in spheres)
                    {
                        double dx = (x - sp.X) * 1.5, dy = (y - sp.Y) * 1.5, dz = (z - sp.Z) * 5;
                        var d = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                        if (inLiver && d < sp.R)
                        {
                            label = sp.Label;
                        }
                        else if (inLiver && d < sp.R + 3 && label == 1)
                        {
                            label = sp.Label;
                            p = 0.3f;
                        }
                    }

                    if (p < 0.5f)
                    {
                        data[1 * n + i] = 0.6f;
                        data[label * n + i] = 0.3f;
                        data[i] = 0.1f;
                    }
                    else
                    {
                        data[label * n + i] = p;
                        data[(label == 0 ? 1 : 0) * n + i] = 1 - p;
                    }

                    hu.Data[i] = (short)(label == 0 ? -100 : label == 1 ? 60 : 20 + 20 * label);
                }
            }
        }

        return (new ClassProbabilities(g, ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst"], data),
            new Dictionary<Phase, Volume<short>> { [Phase.NC] = hu });
    }
}
