namespace LiverScreen.Dicom.Scanning;

/// <summary>A slice-stack irregularity with a message that gives the numbers (mm, degrees, slice counts).</summary>
public sealed record GeometryWarning(GeometryWarningKind Kind, string Message);
