using System.Collections.Concurrent;
using System.Text;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Tests.TestDoubles;

/// <summary>
/// Test doubles of all five stage services, scripted per study (<see cref="StudyScript"/>). They write small documents
/// to the real object store under <see cref="StageKeys"/>, like the real stages do with volumes, and count calls so
/// tests can tell a re-run from a republish.
/// </summary>
public sealed class FakeStages(IObjectStore store) : IIngestStage, IAlignStage, ISegmentStage, IReclassifyStage, ITriageStage
{
    public static readonly ModelRef SegModel = new("fake-seg", "1.2.0", "abc");
    public static readonly ModelRef ReclsModel = new("fake-recls", "0.3.1", "def");

    private readonly ConcurrentDictionary<(StageName, string), int> _calls = new();

    public ConcurrentDictionary<string, StudyScript> Scripts { get; } = new(StringComparer.Ordinal);

    public int Calls(StageName stage, string studyKey) => _calls.GetValueOrDefault((stage, studyKey));

    public async Task<IngestOutcome> IngestAsync(IngestStudy command, CancellationToken cancellationToken)
    {
        var s = Enter(StageName.Ingest, command.StudyKey);
        var key = StageKeys.ForStage(command.BatchId, command.StudyKey, StageName.Ingest, "study.json");
        await Put(key, "{}", cancellationToken);
        var series = new List<SeriesVolumeRef> { new("1.2.3." + command.StudyKey.Length, Phase.NC, 0.99, key) };
        return new IngestOutcome("2.25." + command.StudyKey, "PID-" + command.StudyKey, series, key, new StudyDemographics(s.Site, s.Manufacturer, s.Sex, s.Age));
    }

    public async Task<AlignOutcome> AlignAsync(StudyIngested study, CancellationToken cancellationToken)
    {
        Enter(StageName.Align, study.StudyKey);
        var key = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Align, "NC.lsvol");
        await Put(key, "aligned", cancellationToken);
        return new AlignOutcome(study.Series[0].SeriesInstanceUid, [new AlignedPhaseRef(Phase.NC, study.Series[0].SeriesInstanceUid, key, null, 1.0, true)]);
    }

    public async Task<SegmentOutcome> SegmentAsync(StudyAligned study, CancellationToken cancellationToken)
    {
        Enter(StageName.Segment, study.StudyKey);
        var key = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Segment, "probabilities.lsvol");
        await Put(key, "p", cancellationToken);
        return new SegmentOutcome(key, StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Segment, "candidates.json"), SegModel, TimeSpan.FromMilliseconds(5));
    }

    public async Task<ReclassifyOutcome> ReclassifyAsync(StudySegmented study, CancellationToken cancellationToken)
    {
        var s = Enter(StageName.Reclassify, study.StudyKey);
        var key = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Reclassify, "lesions.json");
        await Put(key, "[]", cancellationToken);
        return new ReclassifyOutcome(key, ReclsModel, s.Lesions, TimeSpan.FromMilliseconds(2));
    }

    public async Task<TriageOutcome> TriageAsync(StudyReclassified study, IReadOnlyList<LesionFinding> lesions, CancellationToken cancellationToken)
    {
        var s = Enter(StageName.Triage, study.StudyKey);
        var key = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Triage, "result.json");
        await Put(key, "{}", cancellationToken);
        var reason = lesions.Count == 0 ? "no lesion" : string.Join("; ", lesions.Select(l => $"{l.Type} {l.DiameterMm:0} mm"));
        return new TriageOutcome(s.Category, 0.9, s.Category == TriageCategory.Uncertain ? "low confidence" : reason, key);
    }

    private StudyScript Enter(StageName stage, string studyKey)
    {
        var count = _calls.AddOrUpdate((stage, studyKey), 1, (_, c) => c + 1);
        var script = Scripts.GetValueOrDefault(studyKey) ?? new StudyScript();
        if (script.FailAt == stage)
        {
            throw new StageFailureException(script.FailCode, $"Scripted permanent fault of {studyKey} at {stage}", $"{studyKey}/IM0001.dcm");
        }

        if (script.TransientAt == stage && count <= script.TransientFailures)
        {
            throw new IOException($"Scripted transient fault {count} of {studyKey} at {stage}");
        }

        return script;
    }

    private async Task Put(string key, string text, CancellationToken ct)
    {
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await store.PutAsync(key, ms, ct);
    }
}
