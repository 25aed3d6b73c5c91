using LiverScreen.Contracts;

namespace LiverScreen.Dicom.Inspection;

/// <summary>One axial CT series in a <see cref="StudyReport"/>: header cues, phase with evidence, geometry and warnings.
/// <see cref="Error"/> is set when the pixels could not be decoded (the phase then comes from the header alone).</summary>
public sealed record SeriesReport(
    string SeriesInstanceUid,
    int? SeriesNumber,
    string? SeriesDescription,
    string? ContrastBolusAgent,
    string? AcquisitionTime,
    string? ContentTime,
    double? SliceThicknessMm,
    double? Kvp,
    string TransferSyntax,
    int Slices,
    Phase Phase,
    double Confidence,
    Phase HeaderPhase,
    Phase ImagePhase,
    double? AortaHu,
    double? LiverHu,
    IReadOnlyList<string> Evidence,
    GeometryReport Geometry,
    IReadOnlyList<WarningReport> Warnings,
    string? Error);
