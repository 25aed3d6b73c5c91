namespace LiverScreen.Dicom;

/// <summary>
/// Everything LiverScreen needs from a DICOM library: read one file's header, and decode one frame's stored pixel values.
/// The default is <see cref="GdcmDicomCodec"/> (a managed header parser and raw-pixel path, GDCM for compressed pixels);
/// fo-dicom could implement this where it restores.
/// Implementations must be safe to call from several threads at once (one native reader per thread).
/// </summary>
public interface IDicomCodec
{
    /// <summary>Reads the header, stopping at Pixel Data. Throws <see cref="DicomReadException"/> with a reason.</summary>
    DicomHeader ReadHeader(string path);

    /// <summary>
    /// Decodes frame 0 of <paramref name="header"/>'s file into Hounsfield units (RescaleSlope/Intercept applied,
    /// see <see cref="HuConversion"/>). <paramref name="destination"/> has Rows x Columns elements, row-major.
    /// Throws <see cref="DicomReadException"/> with a reason.
    /// </summary>
    void DecodeHu(DicomHeader header, Span<short> destination);
}
