using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms;

/// <summary>
/// Writes a cohort folder: per study DIR/&lt;study&gt;/&lt;series&gt;/*.dcm (through <see cref="SeriesSink"/>), label maps
/// DIR/&lt;study&gt;/labels/&lt;phase&gt;.lsvol, and DIR/truth.json (docs/formats.md), rewritten after every study.
/// </summary>
public sealed class CohortWriter
{
    private readonly string _dir;
    private readonly PhantomPreset _preset;
    private readonly int _seed;
    private readonly JsonArray _studies = [];

    public CohortWriter(string dir, PhantomPreset preset, int seed)
    {
        ArgumentNullException.ThrowIfNull(dir);
        _dir = dir;
        _preset = preset;
        _seed = seed;
        Directory.CreateDirectory(dir);
    }

    /// <summary>Writes the pixels of one phase: DICOM by default; null writes label maps and truth only.</summary>
    public Action<PhantomStudy, PhantomPhase, RenderedPhase, string>? SeriesSink { get; init; } = PhantomDicomWriter.WritePhase;

    /// <summary>Writes the extra non-phase objects of a study (localizer, dose report) into its folder.</summary>
    public Action<PhantomStudy, string>? ExtrasSink { get; init; } = PhantomDicomWriter.WriteExtras;

    public void Add(PhantomStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var studyDir = Path.Combine(_dir, study.Folder);
        Directory.CreateDirectory(Path.Combine(studyDir, "labels"));
        var phases = new JsonArray();
        foreach (var phase in study.Phases)
        {
            var r = PhaseRenderer.Acquired(study, phase.Phase);
            var labelPath = $"{study.Folder}/labels/{phase.Phase}.lsvol";
            VolumeFile.Save(Path.Combine(_dir, labelPath), r.Labels);
            SeriesSink?.Invoke(study, phase, r, studyDir);
            var entry = new JsonObject
            {
                ["phase"] = phase.Phase.ToString(),
                ["seriesInstanceUid"] = phase.SeriesInstanceUid,
                ["seriesDescription"] = phase.SeriesDescription,
                ["labelMap"] = labelPath,
                ["motion"] = phase.Motion.ToJson(),
            };
            phases.Add(entry);
        }

        ExtrasSink?.Invoke(study, studyDir);
        var lesions = new JsonArray();
        foreach (var l in study.Lesions)
        {
            lesions.Add(new JsonObject
            {
                ["id"] = l.Id,
                ["type"] = l.Type.ToString(),
                ["centerLps"] = Array(l.CenterLps),
                ["volumeCc"] = l.VolumeCc,
                ["diameterMm"] = l.DiameterMm,
                ["bboxLps"] = new JsonObject { ["min"] = Array(l.BboxMin), ["max"] = Array(l.BboxMax) },
                ["atLiverBoundary"] = l.AtLiverBoundary,
            });
        }

        var node = new JsonObject
        {
            ["studyInstanceUid"] = study.StudyInstanceUid,
            ["patientId"] = study.PatientId,
            ["folder"] = study.Folder,
            ["index"] = study.Index,
            ["preset"] = Name(study.Preset),
            ["setting"] = study.Setting,
            ["sex"] = study.Sex,
            ["age"] = study.Age,
            ["site"] = study.Site,
            ["manufacturer"] = study.Manufacturer,
            ["liverVariant"] = study.LiverVariant.ToString().ToLowerInvariant(),
            ["patientClass"] = study.PatientClass,
            ["malignant"] = study.Malignant,
            ["referencePhase"] = study.ReferencePhase.ToString(),
            ["phases"] = phases,
            ["lesions"] = lesions,
        };
        lock (_studies)
        {
            _studies.Add(node);
            Complete();
        }
    }

    /// <summary>Writes truth.json (also called after each study, so a stopped run leaves a valid file).</summary>
    public void Complete()
    {
        var truth = new JsonObject
        {
            ["format"] = "liverscreen-truth/1",
            ["synthetic"] = true,
            ["preset"] = Name(_preset),
            ["seed"] = _seed,
            ["studies"] = JsonNode.Parse(_studies.ToJsonString()),
        };
        var tmp = Path.Combine(_dir, "truth.json.tmp");
        File.WriteAllText(tmp, truth.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, Path.Combine(_dir, "truth.json"), overwrite: true);
    }

    /// <summary>Finds (seed, index, preset) of a study from its folder (reading truth.json beside it) or from a study
    /// number ("3" or "study-000003") with the given seed and preset. Studies are regenerated, not read back.</summary>
    public static (int Seed, int Index, PhantomPreset Preset) Locate(string study, int seed, PhantomPreset preset)
    {
        ArgumentNullException.ThrowIfNull(study);
        if (Directory.Exists(study))
        {
            var full = Path.GetFullPath(study).TrimEnd('/');
            var truthPath = Path.Combine(Path.GetDirectoryName(full)!, "truth.json");
            if (!File.Exists(truthPath))
            {
                throw new FileNotFoundException($"No truth.json beside study folder {study}.", truthPath);
            }

            var truth = JsonNode.Parse(File.ReadAllText(truthPath))!;
            var folder = Path.GetFileName(full);
            var entry = truth["studies"]!.AsArray().FirstOrDefault(s => s!["folder"]!.GetValue<string>() == folder)
                ?? throw new ArgumentException($"{truthPath} has no study \"{folder}\".");
            return (truth["seed"]!.GetValue<int>(), entry["index"]!.GetValue<int>(), Enum.Parse<PhantomPreset>(truth["preset"]!.GetValue<string>(), ignoreCase: true));
        }

        var digits = study.StartsWith("study-", StringComparison.Ordinal) ? study[6..] : study;
        if (!int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new ArgumentException($"\"{study}\" is neither a study folder nor a study number.");
        }

        return (seed, number - 1, preset);
    }

    private static string Name(PhantomPreset p) => p.ToString().ToLowerInvariant();

    private static JsonArray Array(Vec3 v) => new(Math.Round(v.X, 3), Math.Round(v.Y, 3), Math.Round(v.Z, 3));
}
