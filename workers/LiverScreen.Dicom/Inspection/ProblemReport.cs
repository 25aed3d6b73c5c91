using LiverScreen.Dicom.Scanning;

namespace LiverScreen.Dicom.Inspection;

/// <summary>A dropped or unreadable file (or a study/series that could not be used) in an <see cref="InspectionReport"/>.</summary>
public sealed record ProblemReport(ProblemKind Kind, string File, string Reason, string? StudyInstanceUid, string? SeriesInstanceUid);
