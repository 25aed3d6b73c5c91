namespace LiverScreen.Dicom.Scanning;

/// <summary>An axial CT image series found by the scanner: its header cues and the slice layout (nothing decoded yet).</summary>
public sealed record CtSeries(
    string StudyInstanceUid,
    string SeriesInstanceUid,
    int? SeriesNumber,
    string? SeriesDescription,
    string? ContrastBolusAgent,
    string? AcquisitionTime,
    string? ContentTime,
    string? SeriesTime,
    double? SliceThickness,
    double? Kvp,
    string TransferSyntax,
    SeriesLayout Layout)
{
    public int SliceCount => Layout.Slices.Count;

    /// <summary>The earliest time cue of the series (AcquisitionTime, else ContentTime, else SeriesTime) in seconds since midnight.</summary>
    public double? TimeSeconds => DicomTime.ToSeconds(AcquisitionTime) ?? DicomTime.ToSeconds(ContentTime) ?? DicomTime.ToSeconds(SeriesTime);
}
