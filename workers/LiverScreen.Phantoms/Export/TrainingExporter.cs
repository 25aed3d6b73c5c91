using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Phantoms.Export;

/// <summary>
/// The training export of docs/formats.md: per study a float32 image [4, Z, Y, X] (NC, AP, VP, DP; HU; missing
/// phase = 0) on the reference phase's grid resampled to the working spacing, phases aligned with the exact truth
/// motion; uint8 labels and lesion instances [Z, Y, X]; and DIR/manifest.json. No DICOM round trip, so hundreds of
/// studies take minutes; how the images are made is <see cref="ExportImages"/>.
/// </summary>
public sealed class TrainingExporter
{
    private static readonly string[] LabelNames =
        ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst", "spleen", "kidney", "aorta", "portal_vein", "other_organ"];

    private readonly string _dir;
    private readonly Vec3 _spacing;
    private readonly ExportImages _images;
    private readonly JsonArray _studies = [];

    public TrainingExporter(string dir, Vec3 spacingMm, ExportImages images = ExportImages.Pipeline)
    {
        ArgumentNullException.ThrowIfNull(dir);
        _dir = dir;
        _spacing = spacingMm;
        _images = images;
        Directory.CreateDirectory(dir);
    }

    /// <summary>The working grid of a study: its reference phase's box at the export spacing.</summary>
    public static VolumeGeometry WorkingGrid(PhantomStudy study, Vec3 spacingMm)
    {
        ArgumentNullException.ThrowIfNull(study);
        return Resampler.WithSpacing(study.PhaseOf(study.ReferencePhase).Grid, spacingMm);
    }

    /// <summary>Renders and writes one study, then rewrites the manifest (so an interrupted export stays readable).</summary>
    public void Add(PhantomStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var grid = WorkingGrid(study, _spacing);
        var n = (int)grid.Size.VoxelCount;
        var image = new float[4 * n];
        var present = new bool[4];
        Volume<byte>? labels = null;
        Volume<byte>? instances = null;
        foreach (var phase in study.Phases)
        {
            var isReference = phase.Phase == study.ReferencePhase;
            // Labels are always the exact anatomy at the working voxel centres; only the images differ by mode, so the
            // direct render is needed for the reference (labels) or in direct mode (image too).
            var aligned = isReference || _images == ExportImages.Direct ? PhaseRenderer.Aligned(study, phase.Phase, grid) : null;
            var hu = _images == ExportImages.Direct ? aligned!.Hu : AsThePipelineSeesIt(study, phase, grid);
            hu.Data.CopyTo(image, (int)phase.Phase * n);
            present[(int)phase.Phase] = true;
            if (isReference)
            {
                labels = aligned!.Labels;
                instances = aligned.Instances;
            }
        }

        var s = grid.Size;
        var id = study.Folder;
        NpyWriter.Write(Path.Combine(_dir, id + "_image.npy"), image, 4, s.Z, s.Y, s.X);
        NpyWriter.Write(Path.Combine(_dir, id + "_label.npy"), labels!.Data, s.Z, s.Y, s.X);
        NpyWriter.Write(Path.Combine(_dir, id + "_instances.npy"), instances!.Data, s.Z, s.Y, s.X);

        var lesions = new JsonArray();
        foreach (var l in study.Lesions)
        {
            var v = grid.LpsToIndex(l.CenterLps);
            lesions.Add(new JsonObject
            {
                ["id"] = l.Id,
                ["type"] = l.Type.ToString(),
                ["centerVoxel"] = new JsonArray(Math.Round(v.Z, 2), Math.Round(v.Y, 2), Math.Round(v.X, 2)),
                ["volumeCc"] = l.VolumeCc,
            });
        }

        lock (_studies)
        {
            _studies.Add(new JsonObject
            {
                ["id"] = id,
                ["setting"] = study.Setting,
                ["patientClass"] = study.PatientClass,
                ["image"] = id + "_image.npy",
                ["phasesPresent"] = new JsonArray(present[0], present[1], present[2], present[3]),
                ["label"] = id + "_label.npy",
                ["instances"] = id + "_instances.npy",
                ["lesions"] = lesions,
            });
            WriteManifest();
        }
    }

    /// <summary>The phase as the segment stage receives it: rendered as acquired on its own grid (noise and blur at the
    /// acquisition matrix), stored as whole HU as DICOM stores it, and resampled trilinearly onto the working grid through
    /// the true motion, as the align stage's resampler does after a perfect registration (PhaseAligner: one trilinear
    /// step from the series to the working grid). Trilinear sampling of a finer matrix averages little of its noise,
    /// which the direct render cannot imitate (docs/models.md, "Session 10").</summary>
    private static Volume<float> AsThePipelineSeesIt(PhantomStudy study, PhantomPhase phase, VolumeGeometry grid) =>
        Resampler.Linear(PhaseRenderer.Acquired(study, phase.Phase).Hu.ToShort(), grid, phase.Motion.IsIdentity ? null : phase.Motion, -1024f);

    private void WriteManifest()
    {
        var manifest = new JsonObject
        {
            ["format"] = "liverscreen-training-export/1",
            ["synthetic"] = true,
            ["spacingMm"] = new JsonArray(_spacing.X, _spacing.Y, _spacing.Z),
            ["images"] = _images == ExportImages.Pipeline ? "pipeline" : "direct",
            ["phaseOrder"] = new JsonArray("NC", "AP", "VP", "DP"),
            ["labels"] = new JsonArray([.. LabelNames.Select(l => (JsonNode)l)]),
            ["studies"] = JsonNode.Parse(_studies.ToJsonString()),
        };
        var tmp = Path.Combine(_dir, "manifest.json.tmp");
        File.WriteAllText(tmp, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, Path.Combine(_dir, "manifest.json"), overwrite: true);
    }

    /// <summary>Parses "x,y,z" (mm).</summary>
    public static Vec3 ParseSpacing(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0))
        {
            throw new FormatException($"Spacing \"{text}\" must be three positive numbers x,y,z in mm, e.g. 1.5,1.5,5.");
        }

        var d = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new Vec3(d[0], d[1], d[2]);
    }
}

/// <summary>How the training export makes its images (labels are the same either way).</summary>
public enum ExportImages
{
    /// <summary>As the pipeline's segment stage sees them: acquired on the series grid, then one trilinear resampling onto
    /// the working grid (the default since model 0.4.0: the network sees at training what it sees in use).</summary>
    Pipeline,

    /// <summary>Rendered straight on the working grid with the noise lowered as averaging would: faster, but cleaner
    /// than the pipeline's images (models up to 0.3.0 were trained on it).</summary>
    Direct,
}
