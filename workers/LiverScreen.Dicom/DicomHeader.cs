using LiverScreen.Imaging;

namespace LiverScreen.Dicom;

/// <summary>
/// The header fields of one DICOM instance that LiverScreen uses: grouping (study/series), filtering (modality, SOP class,
/// image type, orientation), geometry, pixel layout, HU rescale, and the study metadata people need downstream.
/// Read from the header only; <see cref="PixelDataOffset"/> lets the loader go straight to the pixels.
/// </summary>
public sealed record DicomHeader
{
    public required string FilePath { get; init; }
    public long FileLength { get; init; }
    public string TransferSyntaxUid { get; init; } = "";
    public string SopClassUid { get; init; } = "";
    public string SopInstanceUid { get; init; } = "";
    public string StudyInstanceUid { get; init; } = "";
    public string SeriesInstanceUid { get; init; } = "";
    public string Modality { get; init; } = "";
    public IReadOnlyList<string> ImageType { get; init; } = [];
    public string? PatientId { get; init; }
    public string? PatientSex { get; init; }
    public string? PatientAge { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? InstitutionName { get; init; }
    public string? Manufacturer { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? StudyDescription { get; init; }
    public string? SeriesDescription { get; init; }
    public int? SeriesNumber { get; init; }
    public string? SeriesTime { get; init; }
    public string? ContrastBolusAgent { get; init; }
    public string? AcquisitionTime { get; init; }
    public string? ContentTime { get; init; }
    public double? SliceThickness { get; init; }
    public double? Kvp { get; init; }
    public int? InstanceNumber { get; init; }

    /// <summary>ImagePositionPatient (0020,0032): centre of the first transmitted pixel, LPS mm.</summary>
    public Vec3? ImagePosition { get; init; }

    /// <summary>ImageOrientationPatient (0020,0037) row direction (unit vector along increasing column index).</summary>
    public Vec3? RowDirection { get; init; }

    /// <summary>ImageOrientationPatient (0020,0037) column direction (unit vector along increasing row index).</summary>
    public Vec3? ColumnDirection { get; init; }

    /// <summary>PixelSpacing (0028,0030) as (between columns = x, between rows = y) in mm; DICOM stores row spacing first.</summary>
    public (double X, double Y)? PixelSpacing { get; init; }

    public int Rows { get; init; }
    public int Columns { get; init; }
    public int BitsAllocated { get; init; }
    public int BitsStored { get; init; }
    public int PixelRepresentation { get; init; }
    public int SamplesPerPixel { get; init; } = 1;
    public int NumberOfFrames { get; init; } = 1;
    public string? PhotometricInterpretation { get; init; }
    public double RescaleSlope { get; init; } = 1.0;
    public double RescaleIntercept { get; init; }

    /// <summary>Byte offset of the Pixel Data value in the file, or -1 when the file has no Pixel Data element.</summary>
    public long PixelDataOffset { get; init; } = -1;

    /// <summary>Pixel Data value length in bytes; -1 when undefined (encapsulated).</summary>
    public long PixelDataLength { get; init; } = -1;

    public bool HasPixelData => PixelDataOffset >= 0;

    /// <summary>True when the pixels are stored raw in the file (implicit/explicit LE, explicit BE) and need no codec.</summary>
    public bool IsNativeUncompressed => TransferSyntaxUid is TransferSyntaxes.ImplicitVrLittleEndian
        or TransferSyntaxes.ExplicitVrLittleEndian or TransferSyntaxes.ExplicitVrBigEndian;

    /// <summary>Bytes one uncompressed frame needs, as a long so a hostile 65,536 x 65,536 claim cannot overflow.</summary>
    public long FrameBytes => (long)Rows * Columns * SamplesPerPixel * ((BitsAllocated + 7) / 8);
}
