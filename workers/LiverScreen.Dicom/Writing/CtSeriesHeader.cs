namespace LiverScreen.Dicom.Writing;

/// <summary>Header values shared by every slice of a written CT series. Null strings are left out of the files
/// (a missing SeriesDescription or ContrastBolusAgent is a realistic case the reader must cope with).</summary>
public sealed record CtSeriesHeader
{
    public required string PatientId { get; init; }
    public required string PatientName { get; init; }
    /// <summary>"F" or "M".</summary>
    public required string PatientSex { get; init; }
    public required int PatientAgeYears { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    /// <summary>Base for SOPInstanceUIDs: slice n gets this integer + n (a 2.25 UID).</summary>
    public required string SopInstanceUidBase { get; init; }
    public required string FrameOfReferenceUid { get; init; }
    public required string AccessionNumber { get; init; }
    public required string StudyId { get; init; }
    public required DateOnly StudyDate { get; init; }
    public required TimeSpan StudyTime { get; init; }
    public required TimeSpan AcquisitionTime { get; init; }
    public required int SeriesNumber { get; init; }
    public string? SeriesDescription { get; init; }
    public string? StudyDescription { get; init; }
    public string? ContrastBolusAgent { get; init; }
    public required string Manufacturer { get; init; }
    public required string ManufacturerModelName { get; init; }
    public required string InstitutionName { get; init; }
    public required string ConvolutionKernel { get; init; }
    public required double SliceThicknessMm { get; init; }
    /// <summary>Stored value = HU - intercept; common choices are -1024 (unsigned-style) and 0.</summary>
    public required int RescaleIntercept { get; init; }
    public double Kvp { get; init; } = 120;
    public double WindowCenter { get; init; } = 40;
    public double WindowWidth { get; init; } = 400;
    /// <summary>Instance number 1 is the most inferior slice instead of the most superior one.</summary>
    public bool ReversedOrder { get; init; }
    /// <summary>"ORIGINAL\PRIMARY\AXIAL" for series; the localizer and dose report use others.</summary>
    public string ImageType { get; init; } = @"ORIGINAL\PRIMARY\AXIAL";
    /// <summary>CT Image Storage by default; a dose report screen is Secondary Capture.</summary>
    public string SopClassUid { get; init; } = CtSeriesWriter.CtImageStorage;
}
