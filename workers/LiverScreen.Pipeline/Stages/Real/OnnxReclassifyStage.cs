using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection;
using LiverScreen.Detection.Patient;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Imaging;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// Reclassify: paper 002's cascade on the stored probabilities (<see cref="StudyDetector.Detect"/>: Eq. 2-3 at the base
/// and high operating points, seg2det Eq. 4-6, the "lesion-recls" model on augmented liver-masked patches Eq. 8-11,
/// classifyPatient Eq. 12, the joint decision). The study's triage follows from that detection alone
/// (<see cref="TriageRules.Decide"/>: technical failure when no liver is found, coverage is cut off or NC is unusable),
/// so the per-study result is built here (<c>reclassify/result.json</c>, the lesions document) and the triage stage
/// completes it with stage timings. Kept lesions (the joint model's list) go to the results database.
/// </summary>
public sealed class OnnxReclassifyStage(IObjectStore store, StageModels models, TimeProvider clock) : IReclassifyStage
{
    public async Task<ReclassifyOutcome> ReclassifyAsync(StudySegmented study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var recls = models.Reclassification;
        var info = JsonSerializer.Deserialize<StudyInfoDocument>(
            await StageStore.GetTextAsync(store, StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Ingest, "study.json"), cancellationToken), PipelineJson.Options)
            ?? throw new InvalidDataException("study.json is empty");
        var alignment = JsonSerializer.Deserialize<AlignmentDocument>(
            await StageStore.GetTextAsync(store, PhaseAlignStage.AlignmentKey(study.BatchId, study.StudyKey), cancellationToken), PipelineJson.Options)
            ?? throw new InvalidDataException("alignment.json is empty");

        // The probabilities are read while the phases are.
        var probabilitiesRead = Task.Run(async () => ProbabilityFile.Read(await StageStore.GetBytesAsync(store, study.ProbabilitiesKey, cancellationToken)), cancellationToken);
        var phases = await StageStore.GetVolumesAsync<Phase, short>(
            store, alignment.Phases.Where(p => p.Passed).Select(p => KeyValuePair.Create(p.Phase, PhaseAlignStage.VolumeKey(study.BatchId, study.StudyKey, p.Phase))), cancellationToken);
        var (geometry, classes, data) = await probabilitiesRead;
        var probabilities = new ClassProbabilities(geometry, classes, data);

        var card = recls.Card;

        // Eq. 11 keeps a candidate only when its mean overlap with the reclassifier's lesion voxels reaches MinOverlapCc,
        // and that overlap never exceeds the candidate's own volume: smaller candidates cannot be kept, so they are not
        // sent through the model at all (a poorly trained model at the high operating point can produce thousands of
        // one-voxel specks). This also leaves them out of the Base variant and the discarded list.
        var reclsDefaults = DetectionOptions.Default.Reclassification;
        var voxelCc = geometry.VoxelVolumeMm3 / 1000.0;
        var minVoxels = Math.Max(1, (int)Math.Ceiling(reclsDefaults.MinOverlapCc / voxelCc - 1e-9));
        var options = DetectionOptions.Default with
        {
            High = DetectionOptions.Default.High with { LesionScale = models.Options.HighLesionScale ?? DetectionOptions.Default.High.LesionScale },
            Seg2Det = DetectionOptions.Default.Seg2Det with { MinVoxels = minVoxels },
            Reclassification = DetectionOptions.Default.Reclassification with
            {
                PatchSize = new Size3(card.PatchSize[2], card.PatchSize[1], card.PatchSize[0]),
                PatchesPerLesion = Math.Max(1, models.Options.PatchesPerLesion),
                MinScore = models.Options.ReclassifierMinScore ?? reclsDefaults.MinScore,
                MaxLesionVolumeCc = models.Options.ReclassifierMaxLesionCc ?? reclsDefaults.MaxLesionVolumeCc,
                WindowMinHu = card.Normalization.MinHu,
                WindowMaxHu = card.Normalization.MaxHu,
            },
        };
        var classifier = new OnnxPatchClassifier(recls);
        var typing = models.Typing;
        var detection = StudyDetector.Detect(probabilities, phases, classifier, options, typing);

        var statuses = PhaseStatuses(info, alignment);
        var triage = TriageRules.Decide(detection, statuses, options.Triage);
        var used = alignment.Phases.Where(p => p.Passed).Select(p => p.Phase).ToHashSet();
        var identity = new StudyIdentity(
            info.StudyInstanceUid,
            info.PatientId,
            used.SetEquals([Phase.NC]) ? StudySetting.Screening : StudySetting.Diagnosis,
            info.Series.Where(s => s.Phase != Phase.Unknown)
                .Select(s => new PhaseResult(s.Phase, s.SeriesInstanceUid, Math.Round(s.Confidence, 3),
                    alignment.Phases.Any(a => a.Passed && a.SeriesInstanceUid == s.SeriesInstanceUid)))
                .ToList(),
            alignment.ReferenceSeriesInstanceUid);
        var segRef = study.Model;
        var result = StudyResultBuilder.Completed(identity, detection, triage, typing is null ? [segRef, recls.Ref] : [segRef, recls.Ref, typing.Ref], new Dictionary<string, double>(), clock.GetUtcNow());

        var lesionsKey = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Reclassify, "result.json");
        await StageStore.PutTextAsync(store, lesionsKey, StudyResultJson.Serialize(result), cancellationToken);
        var findings = result.Lesions.Select((l, i) => new LesionFinding(
            i + 1, l.Type, l.DiameterMm, l.VolumeCc, l.Score, l.CenterLps[0], l.CenterLps[1], l.CenterLps[2], l.KeySlice)).ToList();
        return new ReclassifyOutcome(lesionsKey, recls.Ref, findings, classifier.InferenceTime);
    }

    /// <summary>Every identified series the triage should know about: usable when it passed alignment.</summary>
    internal static List<PhaseStatus> PhaseStatuses(StudyInfoDocument info, AlignmentDocument alignment)
    {
        var list = new List<PhaseStatus>();
        foreach (var s in info.Series.Where(s => s.Phase != Phase.Unknown))
        {
            var a = alignment.Phases.FirstOrDefault(p => p.SeriesInstanceUid == s.SeriesInstanceUid);
            var usable = a is { Passed: true };
            var problem = s.Problem ?? a?.Problem ?? (a is null ? "not aligned" : null);
            list.Add(new PhaseStatus(s.Phase, s.SeriesInstanceUid, usable, usable ? null : problem));
        }

        return list;
    }
}
