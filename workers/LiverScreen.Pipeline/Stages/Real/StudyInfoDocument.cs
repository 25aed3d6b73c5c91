using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>What ingest learned about a study (stored at <c>ingest/study.json</c>): ids, demographics, every series with
/// its phase and confidence, and the series or files that could not be used, with reasons. Later stages read it for
/// the result document's identity and the triage's phase statuses.</summary>
public sealed record StudyInfoDocument(
    string StudyKey,
    string StudyInstanceUid,
    string PatientId,
    StudyDemographics Demographics,
    IReadOnlyList<SeriesInfo> Series,
    IReadOnlyList<string> Problems);
