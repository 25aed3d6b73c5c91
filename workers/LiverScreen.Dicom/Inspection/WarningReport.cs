using LiverScreen.Dicom.Scanning;

namespace LiverScreen.Dicom.Inspection;

/// <summary>A geometry warning in an <see cref="InspectionReport"/>.</summary>
public sealed record WarningReport(GeometryWarningKind Kind, string Message);
