using LiverScreen.Dicom.Parsing;
using Microsoft.Win32.SafeHandles;

namespace LiverScreen.Dicom;

/// <summary>
/// The default <see cref="IDicomCodec"/>. Headers come from a managed parser (fast, no native calls, stops at Pixel Data).
/// Raw pixels (implicit/explicit VR LE, explicit VR BE) are read straight from the file at the offset the header scan found:
/// this is the path that beats pydicom. Encapsulated pixels (JPEG lossless, JPEG-LS, JPEG 2000, RLE) and deflated files
/// go through GDCM's <c>gdcm.ImageReader</c>, one per thread because GDCM readers are not thread-safe.
/// </summary>
public sealed class GdcmDicomCodec : IDicomCodec
{
    /// <summary>Largest frame accepted, in pixels (8192 x 8192): larger claims are refused before anything is allocated.</summary>
    public const long MaxFramePixels = 8192L * 8192;

    [ThreadStatic]
    private static byte[]? scratch;

    public DicomHeader ReadHeader(string path) => DicomHeaderParser.ReadFile(path);

    public void DecodeHu(DicomHeader header, Span<short> destination)
    {
        ArgumentNullException.ThrowIfNull(header);
        CheckDecodable(header);
        if (destination.Length != header.Rows * header.Columns)
        {
            throw new ArgumentException($"Destination holds {destination.Length} pixels, the frame has {header.Rows * header.Columns}.", nameof(destination));
        }

        if (header.IsNativeUncompressed)
        {
            DecodeRaw(header, destination);
        }
        else
        {
            DecodeWithGdcm(header, destination);
        }
    }

    /// <summary>Refuses frames that cannot be decoded or whose size claim the file cannot back (before allocating).</summary>
    public static void CheckDecodable(DicomHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var path = header.FilePath;
        if (!header.HasPixelData)
        {
            throw new DicomReadException(path, "no Pixel Data (7FE0,0010)");
        }

        if (header.Rows <= 0 || header.Columns <= 0)
        {
            throw new DicomReadException(path, $"invalid image size {header.Columns} x {header.Rows}");
        }

        if ((long)header.Rows * header.Columns > MaxFramePixels)
        {
            throw new DicomReadException(path, $"header claims a {header.Columns} x {header.Rows} frame ({header.FrameBytes} bytes), over the {MaxFramePixels}-pixel limit; file is {header.FileLength} bytes");
        }

        if (header.BitsAllocated is not (8 or 16) || header.SamplesPerPixel != 1)
        {
            throw new DicomReadException(path, $"unsupported pixel layout: {header.BitsAllocated} bits allocated, {header.SamplesPerPixel} samples per pixel (CT needs 16-bit greyscale)");
        }

        if (header.IsNativeUncompressed && header.PixelDataLength >= 0 && header.PixelDataOffset + header.PixelDataLength > header.FileLength)
        {
            throw new DicomReadException(path, $"truncated: Pixel Data claims {header.PixelDataLength} bytes at offset {header.PixelDataOffset} but the file is {header.FileLength} bytes");
        }

        if (header.IsNativeUncompressed && header.PixelDataLength < header.FrameBytes)
        {
            throw new DicomReadException(path, $"header claims {header.Columns} x {header.Rows} x {header.BitsAllocated} bits = {header.FrameBytes} bytes but Pixel Data holds {header.PixelDataLength} (file {header.FileLength} bytes)");
        }

        if (!header.IsNativeUncompressed && header.FileLength < 256)
        {
            throw new DicomReadException(path, "compressed Pixel Data is empty");
        }
    }

    private static void DecodeRaw(DicomHeader header, Span<short> destination)
    {
        var bytes = (int)header.FrameBytes;
        var buffer = Scratch(bytes);
        try
        {
            using SafeFileHandle handle = File.OpenHandle(header.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, bytes), header.PixelDataOffset);
            if (read < bytes)
            {
                throw new DicomReadException(header.FilePath, $"truncated: Pixel Data needs {bytes} bytes at offset {header.PixelDataOffset}, only {read} read");
            }
        }
        catch (IOException ex)
        {
            throw new DicomReadException(header.FilePath, $"unreadable: {ex.Message}");
        }

        Convert(header, buffer.AsSpan(0, bytes), header.TransferSyntaxUid == TransferSyntaxes.ExplicitVrBigEndian, header.BitsAllocated, header.BitsStored, header.PixelRepresentation, destination);
    }

    private static void DecodeWithGdcm(DicomHeader header, Span<short> destination)
    {
        using var reader = new gdcm.ImageReader();
        reader.SetFileName(header.FilePath);
        if (!reader.Read())
        {
            throw new DicomReadException(header.FilePath, $"GDCM could not read the image ({TransferSyntaxes.Name(header.TransferSyntaxUid)}): file is corrupt or truncated");
        }

        var image = reader.GetImage();
        var format = image.GetPixelFormat();
        var length = image.GetBufferLength();
        var expected = header.FrameBytes;
        if (length < (uint)expected || length > (ulong)(expected * Math.Max(1, header.NumberOfFrames)))
        {
            throw new DicomReadException(header.FilePath, $"decoded buffer is {length} bytes, expected {expected} for {header.Columns} x {header.Rows} x {header.BitsAllocated} bits");
        }

        var buffer = Scratch((int)length);
        if (!image.GetBuffer(buffer))
        {
            throw new DicomReadException(header.FilePath, $"GDCM failed to decode the {TransferSyntaxes.Name(header.TransferSyntaxUid)} pixel data (corrupt or truncated)");
        }

        // GDCM hands back native (little endian) samples in its own pixel format, which may differ from the header's.
        Convert(header, buffer.AsSpan(0, (int)expected), false, format.GetBitsAllocated(), format.GetBitsStored(), format.GetPixelRepresentation(), destination);
    }

    private static void Convert(DicomHeader header, ReadOnlySpan<byte> raw, bool bigEndian, int bitsAllocated, int bitsStored, int representation, Span<short> destination)
    {
        if (bitsAllocated == 8)
        {
            HuConversion.Convert8(raw, representation == 1, header.RescaleSlope, header.RescaleIntercept, destination);
        }
        else
        {
            HuConversion.Convert16(raw, bigEndian, bitsStored == 0 ? 16 : bitsStored, representation == 1, header.RescaleSlope, header.RescaleIntercept, destination);
        }
    }

    private static byte[] Scratch(int bytes)
    {
        if (scratch is null || scratch.Length < bytes)
        {
            scratch = new byte[bytes];
        }

        return scratch;
    }
}
