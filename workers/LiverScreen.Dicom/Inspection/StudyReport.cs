namespace LiverScreen.Dicom.Inspection;

/// <summary>One CT study in an <see cref="InspectionReport"/>.</summary>
public sealed record StudyReport(
    string StudyInstanceUid,
    string? PatientId,
    string? PatientSex,
    string? PatientAge,
    string? PatientBirthDate,
    string? InstitutionName,
    string? Manufacturer,
    string? StudyDate,
    string? StudyDescription,
    IReadOnlyList<SeriesReport> Series);
