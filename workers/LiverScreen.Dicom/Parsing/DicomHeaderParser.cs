using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Parsing;

/// <summary>
/// A small managed DICOM Part 10 header parser: file meta (always explicit VR LE), then the data set in implicit VR LE,
/// explicit VR LE, explicit VR BE or deflated explicit VR LE, up to Pixel Data (7FE0,0010). Sequences are skipped
/// (defined or undefined length, nested). It reads only the tags in <see cref="DicomHeader"/>, which is why scanning a
/// folder is fast and why the raw-pixel path needs no second parse. Every read is bounds-checked: a truncated file
/// raises <see cref="TruncatedException"/>, anything else malformed a <see cref="DicomReadException"/>.
/// </summary>
internal static class DicomHeaderParser
{
    private const uint PixelDataTag = 0x7FE00010;
    private const uint ItemTag = 0xFFFEE000;
    private const uint ItemDelimitationTag = 0xFFFEE00D;
    private const uint SequenceDelimitationTag = 0xFFFEE0DD;
    private const uint Undefined = 0xFFFFFFFF;

    /// <summary>The parse ran past the bytes available; the caller may retry with the whole file.</summary>
    internal sealed class TruncatedException : Exception
    {
        public TruncatedException()
            : base("file ends inside the header (truncated)")
        {
        }

        public TruncatedException(string message)
            : base(message)
        {
        }

        public TruncatedException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }

    /// <summary>Reads and parses a file's header. Reads the first 64 KiB and, only if the header is longer, the whole file.</summary>
    public static DicomHeader ReadFile(string path)
    {
        long length;
        byte[] buffer;
        int read;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.None);
            length = RandomAccess.GetLength(handle);
            buffer = new byte[(int)Math.Min(length, 64 * 1024)];
            read = RandomAccess.Read(handle, buffer, 0);
            if (read < buffer.Length)
            {
                throw new DicomReadException(path, "could not read the file (short read)");
            }

            try
            {
                return Parse(path, buffer, length);
            }
            catch (TruncatedException) when (length > buffer.Length)
            {
                // A header over 64 KiB (large private sequences): read it all, bounded so a huge file cannot exhaust memory.
                if (length > 1L << 30)
                {
                    throw new DicomReadException(path, $"header is not within the first 64 KiB and the file is {length} bytes; refusing to read it whole");
                }

                buffer = new byte[length];
                RandomAccess.Read(handle, buffer, 0);
            }
        }
        catch (IOException ex)
        {
            throw new DicomReadException(path, $"unreadable: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DicomReadException(path, $"unreadable: {ex.Message}");
        }

        try
        {
            return Parse(path, buffer, length);
        }
        catch (TruncatedException)
        {
            throw new DicomReadException(path, "truncated: the file ends inside the DICOM header");
        }
    }

    /// <summary>Parses a header from the first bytes of a file. <paramref name="fileLength"/> is the whole file's size.</summary>
    public static DicomHeader Parse(string path, ReadOnlySpan<byte> bytes, long fileLength)
    {
        if (bytes.Length < 132 || !bytes.Slice(128, 4).SequenceEqual("DICM"u8))
        {
            throw new DicomReadException(path, bytes.Length < 132
                ? $"not a DICOM file: only {fileLength} bytes, too short for the 128-byte preamble and 'DICM' marker"
                : "not a DICOM file: no 'DICM' marker at byte 128");
        }

        var values = new Dictionary<uint, string>();
        var state = new Reader(path, little: true, explicitVr: true);
        var pos = 132;

        // File meta information: group 0002, always explicit VR little endian.
        while (pos + 4 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes[pos..]) == 0x0002)
        {
            state.ReadElement(bytes, ref pos, values, out _, out _);
        }

        if (!values.TryGetValue(0x00020010, out var ts) || ts.Length == 0)
        {
            throw new DicomReadException(path, "file meta information has no TransferSyntaxUID (0002,0010)");
        }

        long pixelOffset = -1;
        long pixelLength = -1;
        if (ts == TransferSyntaxes.DeflatedExplicitVrLittleEndian)
        {
            // The data set after the meta group is raw deflate (RFC 1951). Pixels inside it are not addressable by offset.
            if (bytes.Length < fileLength)
            {
                throw new TruncatedException();
            }

            var inflated = Inflate(path, bytes[pos..]);
            var inner = new Reader(path, little: true, explicitVr: true);
            var p = 0;
            // Offsets refer to the inflated data set; decoding goes through the codec, never by file offset.
            inner.ParseDataSet(inflated, ref p, values, out pixelOffset, out pixelLength);
        }
        else
        {
            var dataSet = new Reader(path, little: ts != TransferSyntaxes.ExplicitVrBigEndian, explicitVr: ts != TransferSyntaxes.ImplicitVrLittleEndian);
            // A Pixel Data value running past the end of the file is reported by GdcmDicomCodec.CheckDecodable,
            // where the study is known.
            dataSet.ParseDataSet(bytes, ref pos, values, out pixelOffset, out pixelLength);
        }

        return Build(path, fileLength, ts, values, pixelOffset, pixelLength);
    }

    private static byte[] Inflate(string path, ReadOnlySpan<byte> deflated)
    {
        try
        {
            using var input = new MemoryStream(deflated.ToArray());
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            inflater.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new DicomReadException(path, $"deflated data set is corrupt: {ex.Message}");
        }
    }

    private static DicomHeader Build(string path, long fileLength, string ts, Dictionary<uint, string> v, long pixelOffset, long pixelLength)
    {
        string? S(uint tag) => v.TryGetValue(tag, out var s) && s.Length > 0 ? s : null;
        int I(uint tag, int fallback) => v.TryGetValue(tag, out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : fallback;
        int? NI(uint tag) => v.TryGetValue(tag, out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        double? D(uint tag) => Doubles(S(tag)) is { Length: > 0 } d ? d[0] : null;

        var ipp = Doubles(S(0x00200032));
        var iop = Doubles(S(0x00200037));
        var ps = Doubles(S(0x00280030));
        return new DicomHeader
        {
            FilePath = path,
            FileLength = fileLength,
            TransferSyntaxUid = ts,
            SopClassUid = S(0x00080016) ?? S(0x00020002) ?? "",
            SopInstanceUid = S(0x00080018) ?? S(0x00020003) ?? "",
            StudyInstanceUid = S(0x0020000D) ?? "",
            SeriesInstanceUid = S(0x0020000E) ?? "",
            Modality = S(0x00080060) ?? "",
            ImageType = S(0x00080008) is { } it ? it.Split('\\', StringSplitOptions.TrimEntries) : [],
            PatientId = S(0x00100020),
            PatientSex = S(0x00100040),
            PatientAge = S(0x00101010),
            PatientBirthDate = S(0x00100030),
            InstitutionName = S(0x00080080),
            Manufacturer = S(0x00080070),
            StudyDate = S(0x00080020),
            StudyTime = S(0x00080030),
            StudyDescription = S(0x00081030),
            SeriesDescription = S(0x0008103E),
            SeriesNumber = NI(0x00200011),
            SeriesTime = S(0x00080031),
            ContrastBolusAgent = S(0x00180010),
            AcquisitionTime = S(0x00080032),
            ContentTime = S(0x00080033),
            SliceThickness = D(0x00180050),
            Kvp = D(0x00180060),
            InstanceNumber = NI(0x00200013),
            ImagePosition = ipp is { Length: >= 3 } ? new Vec3(ipp[0], ipp[1], ipp[2]) : null,
            RowDirection = iop is { Length: >= 6 } ? new Vec3(iop[0], iop[1], iop[2]) : null,
            ColumnDirection = iop is { Length: >= 6 } ? new Vec3(iop[3], iop[4], iop[5]) : null,
            PixelSpacing = ps is { Length: >= 2 } ? (ps[1], ps[0]) : null,
            Rows = I(0x00280010, 0),
            Columns = I(0x00280011, 0),
            BitsAllocated = I(0x00280100, 0),
            BitsStored = I(0x00280101, 0),
            PixelRepresentation = I(0x00280103, 0),
            SamplesPerPixel = I(0x00280002, 1),
            NumberOfFrames = I(0x00280008, 1),
            PhotometricInterpretation = S(0x00280004),
            RescaleSlope = D(0x00281053) ?? 1.0,
            RescaleIntercept = D(0x00281052) ?? 0.0,
            PixelDataOffset = pixelOffset,
            PixelDataLength = pixelOffset >= 0 ? pixelLength : -1,
        };
    }

    private static double[]? Doubles(string? s)
    {
        if (s is null)
        {
            return null;
        }

        var parts = s.Split('\\', StringSplitOptions.TrimEntries);
        var result = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out result[i]))
            {
                return null;
            }
        }

        return result;
    }

    /// <summary>Tags whose values are kept; US-valued ones are turned into decimal strings so one map holds everything.</summary>
    private static bool Wanted(uint tag) => tag switch
    {
        0x00020002 or 0x00020003 or 0x00020010 => true,
        0x00080008 or 0x00080016 or 0x00080018 or 0x00080020 or 0x00080030 or 0x00080031 or 0x00080032 or 0x00080033 => true,
        0x00080060 or 0x00080070 or 0x00080080 or 0x00081030 or 0x0008103E => true,
        0x00100020 or 0x00100030 or 0x00100040 or 0x00101010 => true,
        0x00180010 or 0x00180050 or 0x00180060 => true,
        0x0020000D or 0x0020000E or 0x00200011 or 0x00200013 or 0x00200032 or 0x00200037 => true,
        0x00280002 or 0x00280004 or 0x00280008 or 0x00280010 or 0x00280011 or 0x00280030 => true,
        0x00280100 or 0x00280101 or 0x00280103 or 0x00281052 or 0x00281053 => true,
        _ => false,
    };

    /// <summary>Unsigned-short (US) tags among <see cref="Wanted"/>: needed to decode values in implicit VR.</summary>
    private static bool IsUs(uint tag) => tag is 0x00280002 or 0x00280010 or 0x00280011 or 0x00280100 or 0x00280101 or 0x00280103;

    private readonly struct Reader(string path, bool little, bool explicitVr)
    {
        private ushort U16(ReadOnlySpan<byte> b, int p) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b[p..]) : BinaryPrimitives.ReadUInt16BigEndian(b[p..]);

        private uint U32(ReadOnlySpan<byte> b, int p) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b[p..]) : BinaryPrimitives.ReadUInt32BigEndian(b[p..]);

        private static void Need(ReadOnlySpan<byte> b, long pos, long count)
        {
            if (pos + count > b.Length)
            {
                throw new TruncatedException();
            }
        }

        /// <summary>Parses elements until Pixel Data or the end of the bytes.</summary>
        public void ParseDataSet(ReadOnlySpan<byte> b, ref int pos, Dictionary<uint, string> values, out long pixelOffset, out long pixelLength)
        {
            pixelOffset = -1;
            pixelLength = -1;
            while (pos < b.Length)
            {
                var tag = ReadElement(b, ref pos, values, out var valueOffset, out var valueLength);
                if (tag == PixelDataTag)
                {
                    pixelOffset = valueOffset;
                    pixelLength = valueLength;
                    return;
                }
            }
        }

        /// <summary>Reads one element at <paramref name="pos"/> and moves past it (skipping sequences); returns its tag.
        /// For Pixel Data it stops at the value start and reports the offset and length (-1 when undefined).</summary>
        public uint ReadElement(ReadOnlySpan<byte> b, ref int pos, Dictionary<uint, string> values, out long valueOffset, out long valueLength)
        {
            Need(b, pos, 8);
            var tag = ((uint)U16(b, pos) << 16) | U16(b, pos + 2);
            if (tag is ItemTag or ItemDelimitationTag or SequenceDelimitationTag)
            {
                throw new DicomReadException(path, $"malformed data set: unexpected item tag ({tag >> 16:X4},{tag & 0xFFFF:X4}) at byte {pos}");
            }

            uint length;
            var vr = "";
            if (explicitVr)
            {
                vr = Encoding.ASCII.GetString(b.Slice(pos + 4, 2));
                if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
                {
                    Need(b, pos, 12);
                    length = U32(b, pos + 8);
                    pos += 12;
                }
                else if (vr.Length == 2 && char.IsAsciiLetterUpper(vr[0]) && char.IsAsciiLetterUpper(vr[1]))
                {
                    length = U16(b, pos + 6);
                    pos += 8;
                }
                else
                {
                    throw new DicomReadException(path, $"malformed data set: invalid VR at byte {pos + 4} for tag ({tag >> 16:X4},{tag & 0xFFFF:X4})");
                }
            }
            else
            {
                length = U32(b, pos + 4);
                pos += 8;
            }

            valueOffset = pos;
            valueLength = length == Undefined ? -1 : length;
            if (tag == PixelDataTag)
            {
                return tag;
            }

            if (length == Undefined)
            {
                // A sequence (SQ, or UN/implicit with undefined length, which is implicit VR LE inside): skip its items.
                var inner = explicitVr && vr == "UN" ? new Reader(path, little: true, explicitVr: false) : this;
                inner.SkipSequence(b, ref pos);
                return tag;
            }

            Need(b, pos, length);
            if (Wanted(tag))
            {
                var value = b.Slice(pos, (int)length);
                values[tag] = (explicitVr ? vr == "US" : IsUs(tag)) && length >= 2
                    ? U16(value, 0).ToString(CultureInfo.InvariantCulture)
                    : Encoding.ASCII.GetString(value).Trim(' ', '\0');
            }

            pos += (int)length;
            return tag;
        }

        private void SkipSequence(ReadOnlySpan<byte> b, ref int pos)
        {
            while (true)
            {
                Need(b, pos, 8);
                var tag = ((uint)U16(b, pos) << 16) | U16(b, pos + 2);
                var length = U32(b, pos + 4);
                pos += 8;
                if (tag == SequenceDelimitationTag)
                {
                    return;
                }

                if (tag != ItemTag)
                {
                    throw new DicomReadException(path, $"malformed sequence: expected an item at byte {pos - 8}, found ({tag >> 16:X4},{tag & 0xFFFF:X4})");
                }

                if (length != Undefined)
                {
                    Need(b, pos, length);
                    pos += (int)length;
                    continue;
                }

                // Undefined-length item: a nested data set up to the item delimitation.
                var nested = new Dictionary<uint, string>();
                while (true)
                {
                    Need(b, pos, 8);
                    var t = ((uint)U16(b, pos) << 16) | U16(b, pos + 2);
                    if (t == ItemDelimitationTag)
                    {
                        pos += 8;
                        break;
                    }

                    ReadElement(b, ref pos, nested, out _, out var len);
                    if (t == PixelDataTag && len >= 0)
                    {
                        Need(b, pos, len);
                        pos += (int)len;
                    }
                    else if (t == PixelDataTag)
                    {
                        SkipSequence(b, ref pos);
                    }
                }
            }
        }
    }
}
