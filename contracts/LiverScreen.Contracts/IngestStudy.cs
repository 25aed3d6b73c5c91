namespace LiverScreen.Contracts;

/// <summary>Command: a study's DICOM files were uploaded and should be ingested.
/// <paramref name="SourceKey"/> is a storage reference (a folder or manifest entry), never pixels.</summary>
public sealed record IngestStudy(Guid BatchId, string StudyKey, string SourceKey);
