using System.Security.Cryptography;
using System.Text;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.TestStages;

/// <summary>
/// Deterministic stand-ins for the imaging stages, so the failure tests check the distributed machinery (broker,
/// blob store, database, retries, replay) rather than imaging speed. Results depend only on the study key: lesions and
/// decisions are a function of SHA-256(study key), so an undisturbed run and a disturbed one must agree exactly.
/// Each stage writes its output object to the store and reads it back (so a storage outage is felt), and sleeps
/// LIVERSCREEN_SYNTHETIC_STAGE_MS (default 150 ms) so a batch is long enough to be disturbed mid-way.
/// A study whose key starts with "poison-" fails transiently at Align until a file named like the study exists in
/// LIVERSCREEN_SYNTHETIC_HEAL_DIR (the "fix" before a replay).
/// </summary>
public sealed class SyntheticStages(IObjectStore store) : IIngestStage, IAlignStage, ISegmentStage, IReclassifyStage, ITriageStage
{
    private static readonly ModelRef Model = new("synthetic-test-stages", "1", "");
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(
        int.TryParse(Environment.GetEnvironmentVariable("LIVERSCREEN_SYNTHETIC_STAGE_MS"), out var ms) ? ms : 150);

    public async Task<IngestOutcome> IngestAsync(IngestStudy command, CancellationToken cancellationToken)
    {
        var key = await Put(command.BatchId, command.StudyKey, StageName.Ingest, cancellationToken);
        return new IngestOutcome("2.25.0." + Hash(command.StudyKey)[0], command.StudyKey, [new SeriesVolumeRef("1", Phase.NC, 1, key)], key, StudyDemographics.Unknown);
    }

    public async Task<AlignOutcome> AlignAsync(StudyIngested study, CancellationToken cancellationToken)
    {
        if (study.StudyKey.StartsWith("poison-", StringComparison.Ordinal))
        {
            var heal = Environment.GetEnvironmentVariable("LIVERSCREEN_SYNTHETIC_HEAL_DIR");
            if (heal is null || !File.Exists(Path.Combine(heal, study.StudyKey)))
            {
                throw new InvalidOperationException($"synthetic transient fault for {study.StudyKey} (not healed)");
            }
        }

        var key = await Put(study.BatchId, study.StudyKey, StageName.Align, cancellationToken);
        return new AlignOutcome("1", [new AlignedPhaseRef(Phase.NC, "1", key, null, 1, true)]);
    }

    public async Task<SegmentOutcome> SegmentAsync(StudyAligned study, CancellationToken cancellationToken)
    {
        var key = await Put(study.BatchId, study.StudyKey, StageName.Segment, cancellationToken);
        return new SegmentOutcome(key, key, Model, TimeSpan.Zero);
    }

    public async Task<ReclassifyOutcome> ReclassifyAsync(StudySegmented study, CancellationToken cancellationToken)
    {
        var key = await Put(study.BatchId, study.StudyKey, StageName.Reclassify, cancellationToken);
        return new ReclassifyOutcome(key, Model, LesionsOf(study.StudyKey), TimeSpan.Zero);
    }

    public async Task<TriageOutcome> TriageAsync(StudyReclassified study, IReadOnlyList<LesionFinding> lesions, CancellationToken cancellationToken)
    {
        var key = await Put(study.BatchId, study.StudyKey, StageName.Triage, cancellationToken);
        var (category, confidence) = Decide(lesions);
        return new TriageOutcome(category, confidence, $"synthetic: {lesions.Count} lesion(s)", key);
    }

    /// <summary>0-2 lesions, every field from the study key's hash.</summary>
    public static IReadOnlyList<LesionFinding> LesionsOf(string studyKey)
    {
        var h = Hash(studyKey);
        var count = h[0] % 3;
        var lesions = new List<LesionFinding>(count);
        for (var i = 0; i < count; i++)
        {
            var o = 1 + (i * 6);
            lesions.Add(new LesionFinding(i + 1, (LesionType)(2 + (h[o] % 6)), 5 + (h[o + 1] % 40), h[o + 2] / 10.0, h[o + 3] / 255.0,
                h[o + 4] - 128, h[o + 5] - 128, h[o + 4] + h[o + 5], h[o + 5] % 50));
        }

        return lesions;
    }

    /// <summary>The decision rule of the synthetic set: a confident lesion of 10 mm or more is suspicious.</summary>
    public static (TriageCategory Category, double Confidence) Decide(IReadOnlyList<LesionFinding> lesions)
    {
        ArgumentNullException.ThrowIfNull(lesions);
        if (lesions.Count == 0)
        {
            return (TriageCategory.NoFinding, 1);
        }

        var top = lesions.MaxBy(l => l.Confidence)!;
        return top.Confidence >= 0.5 && top.DiameterMm >= 10 ? (TriageCategory.SuspectedMalignant, top.Confidence) : (TriageCategory.BenignFinding, 1 - top.Confidence);
    }

    private static byte[] Hash(string studyKey) => SHA256.HashData(Encoding.UTF8.GetBytes(studyKey));

    private async Task<string> Put(Guid batch, string study, StageName stage, CancellationToken ct)
    {
        await Task.Delay(Delay, ct);
        var key = StageKeys.ForStage(batch, study, stage, "synthetic.json");
        var body = Encoding.UTF8.GetBytes($"{{\"study\":\"{study}\",\"stage\":\"{stage}\"}}");
        using (var ms = new MemoryStream(body))
        {
            await store.PutAsync(key, ms, ct);
        }

        await using var read = await store.OpenReadAsync(key, ct);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy, ct);
        if (!copy.ToArray().AsSpan().SequenceEqual(body))
        {
            throw new InvalidDataException($"synthetic stage {stage} of {study}: object {key} read back differently");
        }

        return key;
    }
}
