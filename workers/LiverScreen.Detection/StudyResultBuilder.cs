using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Patient;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Imaging;

namespace LiverScreen.Detection;

/// <summary>Maps the detection core's outcome to the per-study result document (docs/schemas/study-result.schema.json).</summary>
public static class StudyResultBuilder
{
    public static StudyResult Completed(
        StudyIdentity identity,
        StudyDetection detection,
        TriageDecision triage,
        IReadOnlyList<ModelRef> models,
        IReadOnlyDictionary<string, double> timingsMs,
        DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(triage);
        var joint = detection.Joint;
        var high = detection.HighRecls;
        var failed = triage.Category == TriageCategory.TechnicalFailure;
        var cls = joint.Class ?? joint.HighRecls;
        return new StudyResult
        {
            StudyInstanceUid = identity.StudyInstanceUid,
            PatientId = identity.PatientId,
            Status = StudyStatus.Completed,
            Setting = identity.Setting,
            Phases = identity.Phases,
            ReferenceSeriesInstanceUid = identity.ReferenceSeriesInstanceUid,
            Triage = triage.Category,
            TriageReasons = triage.Reasons,
            PatientClass = failed ? null : cls,
            Malignant = failed ? null : PatientClassifier.IsMalignant(cls),
            MalignancyScore = failed ? null : Round(StudyConfidence.MalignancyScore(detection)),
            Confidence = failed ? 0 : Round(StudyConfidence.Compute(detection)),
            Uncertain = joint.Uncertain,
            Lesions = failed ? [] : Lesions(high, detection),
            OperatingPoints = [Point(detection.Base, detection), Point(detection.BaseRecls, detection), Point(high, detection)],
            Models = models,
            TimingsMs = timingsMs,
            CompletedAt = completedAt,
        };
    }

    /// <summary>A failed study: the message names the study, the file and the reason.</summary>
    public static StudyResult Failed(string studyInstanceUid, string? patientId, string code, string message, string? file, DateTimeOffset at) =>
        new()
        {
            StudyInstanceUid = studyInstanceUid,
            PatientId = patientId,
            Status = StudyStatus.Failed,
            Error = new ResultError(code, message, file),
            Triage = TriageCategory.TechnicalFailure,
            TriageReasons = [message],
            CompletedAt = at,
        };

    private static OperatingPointResult Point(OperatingPointDetection p, StudyDetection d) =>
        new(p.Name, p.LesionScale, p.Reclassified, p.PatientClass, PatientClassifier.IsMalignant(p.PatientClass), Lesions(p, d));

    private static List<ResultLesion> Lesions(OperatingPointDetection p, StudyDetection d) =>
        p.Kept.Select(l => ToResult(l, d.Geometry, ReferenceEquals(p, d.HighRecls) ? d.HighFoundAtBase.Contains(l.Lesion.Id) : null)).ToList();

    private static ResultLesion ToResult(ReclassifiedLesion l, VolumeGeometry g, bool? foundAtBase)
    {
        var b = l.Lesion.Box;
        var a = g.IndexToLps(b.X0, b.Y0, b.Z0);
        var z = g.IndexToLps(b.X1, b.Y1, b.Z1);
        return new ResultLesion
        {
            Id = l.Lesion.Id,
            Type = l.Lesion.Type,
            CenterLps = [Round(l.Lesion.CenterLps.X), Round(l.Lesion.CenterLps.Y), Round(l.Lesion.CenterLps.Z)],
            VolumeCc = Round(l.Lesion.VolumeCc),
            DiameterMm = Round(l.Lesion.DiameterMm),
            Score = Round(l.Score),
            KeySlice = l.Lesion.KeySlice,
            BboxLps = new ResultBox(
                [Round(Math.Min(a.X, z.X)), Round(Math.Min(a.Y, z.Y)), Round(Math.Min(a.Z, z.Z))],
                [Round(Math.Max(a.X, z.X)), Round(Math.Max(a.Y, z.Y)), Round(Math.Max(a.Z, z.Z))]),
            MeanHu = l.Lesion.MeanHu.Count == 0 ? null : l.Lesion.MeanHu.ToDictionary(kv => kv.Key, kv => Round(kv.Value)),
            FoundAtBase = foundAtBase,
            Reclassified = !l.Skipped,
        };
    }

    private static double Round(double v) => Math.Round(v, 3);
}
