using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages;

namespace LiverScreen.Pipeline.Tests.Consumers;

/// <summary>Input messages for each stage, as the previous stage would publish them.</summary>
internal static class StageMessages
{
    public static IngestStudy Ingest(Guid batch, string study) => new(batch, study, "/data/" + study);

    public static StudyIngested Ingested(Guid batch, string study) =>
        new(batch, study, "2.25." + study, "PID-" + study, [new SeriesVolumeRef("1.2.3", Phase.NC, 0.99, "k/nc.lsvol")], "k/study.json");

    public static StudyAligned Aligned(Guid batch, string study) =>
        new(batch, study, "2.25." + study, "1.2.3", [new AlignedPhaseRef(Phase.NC, "1.2.3", "k/nc.lsvol", null, 1.0, true)]);

    public static StudySegmented Segmented(Guid batch, string study) =>
        new(batch, study, "2.25." + study, "k/p.lsvol", "k/c.json", new ModelRef("seg", "1", "x"));

    public static StudyReclassified Reclassified(Guid batch, string study) =>
        new(batch, study, "2.25." + study, "k/lesions.json", new ModelRef("recls", "1", "y"));

    public static IReadOnlyList<LesionFinding> TwoLesions { get; } =
    [
        new LesionFinding(1, LesionType.HCC, 24, 5.2, 0.93, 10, 20, 30, 12),
        new LesionFinding(2, LesionType.Cyst, 8, 0.3, 0.88, -10, 5, 40, 17),
    ];
}
