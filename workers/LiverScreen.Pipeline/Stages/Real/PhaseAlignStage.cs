using System.Text.Json;
using LiverScreen.Alignment;
using LiverScreen.Alignment.Serialization;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// Align: one series per phase (the most confident when a phase appears twice; Unknown never used), registered with
/// <see cref="PhaseAligner"/> onto the reference (VP, else NC) resampled to the segmentation model's working spacing
/// from its card. Phases that fail registration QA are flagged and dropped; NC failing against VP falls back to NC only.
/// Outputs: <c>align/{phase}.lsvol</c> (HU, short, on the common grid), <c>align/{phase}.transform.json</c>,
/// <c>align/alignment.json</c>. A study without a readable NC series is a permanent fault ("missing-nc"): both
/// settings of paper 002 need it.
/// </summary>
public sealed class PhaseAlignStage(IObjectStore store, StageModels models) : IAlignStage
{
    public async Task<AlignOutcome> AlignAsync(StudyIngested study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var spacing = models.Segmentation.Card.WorkingSpacingMm;
        var chosen = study.Series
            .Where(s => s.Phase != Phase.Unknown)
            .GroupBy(s => s.Phase)
            .Select(g => g.OrderByDescending(s => s.PhaseConfidence).First())
            .ToDictionary(s => s.Phase);
        var infos = study.Series.Where(s => !chosen.ContainsValue(s))
            .Select(s => new AlignedPhaseInfo(s.Phase, s.SeriesInstanceUid, false,
                s.Phase == Phase.Unknown ? "phase could not be identified" : $"a second {s.Phase} series with lower phase confidence", null, 0))
            .ToList();
        if (!chosen.ContainsKey(Phase.NC))
        {
            throw new StageFailureException("missing-nc",
                $"Study {study.StudyInstanceUid} ('{study.StudyKey}'): no non-contrast (NC) series among {study.Series.Count} readable series ({string.Join(", ", study.Series.Select(s => s.Phase))}); screening and diagnosis both need NC.");
        }

        var volumes = await StageStore.GetVolumesAsync<Phase, short>(
            store, chosen.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.VolumeKey)), cancellationToken);

        var result = PhaseAligner.Align(volumes, new AlignmentOptions { OutputSpacingMm = new Vec3(spacing[0], spacing[1], spacing[2]) });
        volumes.Clear();
        var refs = new List<AlignedPhaseRef>();
        // The passing phases back to short side by side, then stored concurrently (awaited together below).
        var stored = result.Phases.Where(pa => pa.Passed && result.Volumes.ContainsKey(pa.Phase)).Select(pa => pa.Phase).ToArray();
        var shorts = new Volume<short>[stored.Length];
        Parallel.For(0, stored.Length, i => shorts[i] = result.Volumes[stored[i]].ToShort());
        var writes = new List<Task>();
        foreach (var pa in result.Phases)
        {
            var uid = chosen[pa.Phase].SeriesInstanceUid;
            var name = pa.Phase.ToString().ToLowerInvariant();
            if (!pa.Passed || !result.Volumes.ContainsKey(pa.Phase))
            {
                infos.Add(new AlignedPhaseInfo(pa.Phase, uid, false, pa.FailureReason ?? "registration failed QA", pa.Quality?.NmiAfter, pa.Elapsed.TotalMilliseconds));
                refs.Add(new AlignedPhaseRef(pa.Phase, uid, string.Empty, null, pa.Quality?.NmiAfter ?? 0, false));
                continue;
            }

            var volumeKey = VolumeKey(study.BatchId, study.StudyKey, pa.Phase);
            writes.Add(StageStore.PutVolumeAsync(store, volumeKey, shorts[Array.IndexOf(stored, pa.Phase)], cancellationToken));
            var transformKey = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Align, name + ".transform.json");
            writes.Add(StageStore.PutTextAsync(store, transformKey, PhaseTransformJson.Serialize(pa.Transform, result.ReferencePhase, pa.Phase), cancellationToken));
            infos.Add(new AlignedPhaseInfo(pa.Phase, uid, true, null, pa.Quality?.NmiAfter, pa.Elapsed.TotalMilliseconds));
            refs.Add(new AlignedPhaseRef(pa.Phase, uid, volumeKey, transformKey, pa.Quality?.NmiAfter ?? 2.0, true));
        }

        await Task.WhenAll(writes);
        if (!refs.Any(r => r.Passed && r.Phase == Phase.NC))
        {
            throw new StageFailureException("missing-nc", $"Study {study.StudyInstanceUid} ('{study.StudyKey}'): the NC series could not be aligned ({infos.FirstOrDefault(i => i.Phase == Phase.NC)?.Problem}).");
        }

        var referenceUid = chosen[result.ReferencePhase].SeriesInstanceUid;
        var doc = new AlignmentDocument(referenceUid, result.ReferencePhase, [.. spacing], infos);
        await StageStore.PutTextAsync(store, AlignmentKey(study.BatchId, study.StudyKey), JsonSerializer.Serialize(doc, PipelineJson.Indented), cancellationToken);
        return new AlignOutcome(referenceUid, refs);
    }

    public static string AlignmentKey(Guid batchId, string studyKey) => StageKeys.ForStage(batchId, studyKey, StageName.Align, "alignment.json");

    /// <summary>Where a phase's aligned HU volume is stored (<c>align/{phase}.lsvol</c>).</summary>
    public static string VolumeKey(Guid batchId, string studyKey, Phase phase) =>
        StageKeys.ForStage(batchId, studyKey, StageName.Align, phase.ToString().ToLowerInvariant() + ".lsvol");
}
