using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Ingest;

/// <summary>What ingest produced: the stored series and the header facts the report breaks results down by.</summary>
public sealed record IngestOutcome(
    string StudyInstanceUid,
    string PatientId,
    IReadOnlyList<SeriesVolumeRef> Series,
    string StudyInfoKey,
    StudyDemographics Demographics);
