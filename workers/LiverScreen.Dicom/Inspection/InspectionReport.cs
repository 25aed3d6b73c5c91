namespace LiverScreen.Dicom.Inspection;

/// <summary>The stable document `liverscreen inspect --json` prints (schema in docs/dicom.md). Add fields, never rename.</summary>
public sealed record InspectionReport(int SchemaVersion, IReadOnlyList<string> Inputs, int FilesScanned, IReadOnlyList<StudyReport> Studies, IReadOnlyList<ProblemReport> Problems);
