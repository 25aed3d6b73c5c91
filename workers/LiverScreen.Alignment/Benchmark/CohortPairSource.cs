using System.Text.Json;
using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Benchmark;

/// <summary>
/// Pairs from a phantom cohort written by `liverscreen synth`: truth.json (docs/formats.md, "liverscreen-truth/1")
/// gives each phase's exact motion and the reference phase; the phase volumes come from
/// <paramref name="loadPhase"/> (the DICOM reader, passed in by the host so this library stays free of I/O
/// dependencies). Landmarks are lesion centres plus points of the liver label map's bounding box interior when no
/// lesion exists.
/// </summary>
public sealed class CohortPairSource(string cohortDirectory, Func<string, string, Volume<short>> loadPhase) : IBenchPairSource
{
    public string Description => $"phantom cohort {cohortDirectory} (truth.json motions)";

    public IEnumerable<BenchPair> Pairs(int count)
    {
        var truthPath = Path.Combine(cohortDirectory, "truth.json");
        if (!File.Exists(truthPath))
        {
            throw new FileNotFoundException($"cohort {cohortDirectory}: no truth.json", truthPath);
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(truthPath));
        var produced = 0;
        foreach (var study in doc.RootElement.GetProperty("studies").EnumerateArray())
        {
            if (!study.TryGetProperty("referencePhase", out var refEl) || !Enum.TryParse<Phase>(refEl.GetString(), out var reference))
            {
                continue;
            }

            var folder = Path.Combine(cohortDirectory, study.GetProperty("folder").GetString() ?? string.Empty);
            var phases = study.GetProperty("phases").EnumerateArray().ToArray();
            var refSeries = phases.FirstOrDefault(p => p.GetProperty("phase").GetString() == reference.ToString());
            if (refSeries.ValueKind == JsonValueKind.Undefined)
            {
                continue;
            }

            var landmarks = study.GetProperty("lesions").EnumerateArray()
                .Select(l => ReadVec(l.GetProperty("centerLps"))).ToList();
            Volume<short>? referenceVolume = null;
            foreach (var phase in phases)
            {
                if (!Enum.TryParse<Phase>(phase.GetProperty("phase").GetString(), out var p) || p == reference)
                {
                    continue;
                }

                if (produced >= count)
                {
                    yield break;
                }

                referenceVolume ??= loadPhase(folder, refSeries.GetProperty("seriesInstanceUid").GetString() ?? string.Empty);
                var moving = loadPhase(folder, phase.GetProperty("seriesInstanceUid").GetString() ?? string.Empty);
                var motion = ParseMotion(phase.GetProperty("motion"));
                var points = landmarks.Count > 0 ? landmarks : [referenceVolume.Geometry.CenterLps];
                produced++;
                yield return new BenchPair($"{study.GetProperty("folder").GetString()} {p} onto {reference}", reference, p, referenceVolume, moving, motion, points);
            }
        }
    }

    /// <summary>Parses a PhaseMotion object of truth.json into the transform it describes.</summary>
    public static SyntheticMotion ParseMotion(JsonElement motion)
    {
        var rigid = motion.GetProperty("rigid");
        var r = ReadVec(rigid.GetProperty("rotationRad"));
        var t = ReadVec(rigid.GetProperty("translationMm"));
        var c = ReadVec(rigid.GetProperty("centerLps"));
        var bumps = new List<MotionBump>();
        if (motion.TryGetProperty("bumps", out var b))
        {
            foreach (var bump in b.EnumerateArray())
            {
                bumps.Add(new MotionBump(ReadVec(bump.GetProperty("centerLps")), bump.GetProperty("sigmaMm").GetDouble(), ReadVec(bump.GetProperty("displacementMm"))));
            }
        }

        return new SyntheticMotion(AffineTransform.Rigid(r.X, r.Y, r.Z, t, c), bumps);
    }

    private static Vec3 ReadVec(JsonElement a) => new(a[0].GetDouble(), a[1].GetDouble(), a[2].GetDouble());
}
