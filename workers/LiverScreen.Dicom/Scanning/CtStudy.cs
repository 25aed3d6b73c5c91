namespace LiverScreen.Dicom.Scanning;

/// <summary>A study (StudyInstanceUID) with at least one axial CT image series, and the metadata people need downstream.</summary>
public sealed record CtStudy(
    string StudyInstanceUid,
    string? PatientId,
    string? PatientSex,
    string? PatientAge,
    string? PatientBirthDate,
    string? InstitutionName,
    string? Manufacturer,
    string? StudyDate,
    string? StudyDescription,
    IReadOnlyList<CtSeries> Series);
