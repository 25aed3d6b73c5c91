namespace LiverScreen.Dicom.Scanning;

/// <summary>What a scan found: CT studies with their axial series, and every file, series or study left out with a reason.</summary>
public sealed record ScanResult(int FilesScanned, IReadOnlyList<CtStudy> Studies, IReadOnlyList<DicomProblem> Problems);
