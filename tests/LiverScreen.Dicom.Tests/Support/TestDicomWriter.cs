using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Tests.Support;

/// <summary>
/// Test-only: writes synthetic CT slices as explicit VR little endian Part 10 files, byte by byte, so a test controls
/// every tag (misleading InstanceNumbers, hostile Rows/Columns, localizers). Other transfer syntaxes come from
/// converting these with gdcmconv / dcmtk. No patient data: everything is generated.
/// </summary>
internal static class TestDicomWriter
{
    internal sealed record Slice
    {
        public string StudyUid { get; init; } = "1.2.826.0.1.3680043.9.7777.1";
        public string SeriesUid { get; init; } = "1.2.826.0.1.3680043.9.7777.1.1";
        public string SopInstanceUid { get; init; } = "1.2.826.0.1.3680043.9.7777.2." + Random.Shared.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        public string SopClassUid { get; init; } = "1.2.840.10008.5.1.4.1.1.2";
        public string Modality { get; init; } = "CT";
        public string ImageType { get; init; } = "ORIGINAL\\PRIMARY\\AXIAL";
        public string? SeriesDescription { get; init; }
        public string? ContrastAgent { get; init; }
        public string? AcquisitionTime { get; init; }
        public int SeriesNumber { get; init; } = 1;
        public int InstanceNumber { get; init; } = 1;
        public Vec3 Position { get; init; }
        public Vec3 Row { get; init; } = new(1, 0, 0);
        public Vec3 Column { get; init; } = new(0, 1, 0);
        public double PixelSpacing { get; init; } = 0.8;
        public int Rows { get; init; }
        public int Columns { get; init; }
        public bool Signed { get; init; } = true;
        public int BitsStored { get; init; } = 16;
        public double Slope { get; init; } = 1;
        public double Intercept { get; init; }
        /// <summary>Stored values, row-major (Rows x Columns).</summary>
        public required short[] Stored { get; init; }
        /// <summary>If true, writes a ReferencedImageSequence (0008,1140) of undefined length with a nested sequence inside,
        /// as real scanners do, so the parser's sequence skipping is exercised.</summary>
        public bool WithSequences { get; init; }
        /// <summary>Bytes of a private OB element (0009,1000) written before the patient group: pushes the header past 64 KiB.</summary>
        public int PrivateBlobBytes { get; init; }
        /// <summary>If set, written as Rows/Columns instead of the real size (hostile header tests).</summary>
        public (int Rows, int Columns)? ClaimedSize { get; init; }
    }

    public static void Write(string path, Slice s)
    {
        using var body = new MemoryStream();
        var rows = s.ClaimedSize?.Rows ?? s.Rows;
        var cols = s.ClaimedSize?.Columns ?? s.Columns;
        Str(body, 0x0008, 0x0008, "CS", s.ImageType);
        Str(body, 0x0008, 0x0016, "UI", s.SopClassUid);
        Str(body, 0x0008, 0x0018, "UI", s.SopInstanceUid);
        Str(body, 0x0008, 0x0020, "DA", "20260101");
        if (s.AcquisitionTime is not null)
        {
            Str(body, 0x0008, 0x0032, "TM", s.AcquisitionTime);
        }

        Str(body, 0x0008, 0x0060, "CS", s.Modality);
        Str(body, 0x0008, 0x0070, "LO", "SYNTHETIC");
        Str(body, 0x0008, 0x0080, "LO", "PHANTOM SITE");
        if (s.SeriesDescription is not null)
        {
            Str(body, 0x0008, 0x103E, "LO", s.SeriesDescription);
        }

        if (s.WithSequences)
        {
            WriteSequences(body);
        }

        if (s.PrivateBlobBytes > 0)
        {
            Str(body, 0x0009, 0x0010, "LO", "LS TEST");
            Header(body, 0x0009, 0x1000, "OB", s.PrivateBlobBytes + s.PrivateBlobBytes % 2);
            body.Write(new byte[s.PrivateBlobBytes + s.PrivateBlobBytes % 2]);
        }

        Str(body, 0x0010, 0x0010, "PN", "PHANTOM^ONE");
        Str(body, 0x0010, 0x0020, "LO", "PH0001");
        Str(body, 0x0010, 0x0040, "CS", "F");
        Str(body, 0x0010, 0x1010, "AS", "061Y");
        if (s.ContrastAgent is not null)
        {
            Str(body, 0x0018, 0x0010, "LO", s.ContrastAgent);
        }

        Str(body, 0x0018, 0x0050, "DS", "1.25");
        Str(body, 0x0018, 0x0060, "DS", "120");
        Str(body, 0x0020, 0x000D, "UI", s.StudyUid);
        Str(body, 0x0020, 0x000E, "UI", s.SeriesUid);
        Str(body, 0x0020, 0x0011, "IS", s.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        Str(body, 0x0020, 0x0013, "IS", s.InstanceNumber.ToString(CultureInfo.InvariantCulture));
        Str(body, 0x0020, 0x0032, "DS", Ds(s.Position.X, s.Position.Y, s.Position.Z));
        Str(body, 0x0020, 0x0037, "DS", Ds(s.Row.X, s.Row.Y, s.Row.Z, s.Column.X, s.Column.Y, s.Column.Z));
        Us(body, 0x0028, 0x0002, 1);
        Str(body, 0x0028, 0x0004, "CS", "MONOCHROME2");
        Us(body, 0x0028, 0x0010, (ushort)rows);
        Us(body, 0x0028, 0x0011, (ushort)cols);
        Str(body, 0x0028, 0x0030, "DS", Ds(s.PixelSpacing, s.PixelSpacing));
        Us(body, 0x0028, 0x0100, 16);
        Us(body, 0x0028, 0x0101, (ushort)s.BitsStored);
        Us(body, 0x0028, 0x0102, (ushort)(s.BitsStored - 1));
        Us(body, 0x0028, 0x0103, (ushort)(s.Signed ? 1 : 0));
        Str(body, 0x0028, 0x1052, "DS", Ds(s.Intercept));
        Str(body, 0x0028, 0x1053, "DS", Ds(s.Slope));
        var pixels = new byte[s.Stored.Length * 2];
        for (var i = 0; i < s.Stored.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(i * 2), s.Stored[i]);
        }

        Header(body, 0x7FE0, 0x0010, "OW", pixels.Length);
        body.Write(pixels);

        using var meta = new MemoryStream();
        Str(meta, 0x0002, 0x0001, "OB", "\0\u0001");
        Str(meta, 0x0002, 0x0002, "UI", s.SopClassUid);
        Str(meta, 0x0002, 0x0003, "UI", s.SopInstanceUid);
        Str(meta, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1");
        Str(meta, 0x0002, 0x0012, "UI", "1.2.826.0.1.3680043.9.7777");
        using var file = File.Create(path);
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        var groupLength = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength, 0x0002);
        "UL"u8.CopyTo(groupLength.AsSpan(4));
        BinaryPrimitives.WriteUInt16LittleEndian(groupLength.AsSpan(6), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength.AsSpan(8), (uint)meta.Length);
        file.Write(groupLength);
        meta.Position = 0;
        meta.CopyTo(file);
        body.Position = 0;
        body.CopyTo(file);
    }

    /// <summary>Converts with an external tool (gdcmconv or a dcmtk program): <paramref name="args"/> get input and output appended.</summary>
    public static void Convert(string tool, string args, string input, string output)
    {
        var psi = new ProcessStartInfo(tool, $"{args} \"{input}\" \"{output}\"") { RedirectStandardError = true, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd() + p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"{tool} {args} failed ({p.ExitCode}): {err}");
        }
    }

    private static void WriteSequences(Stream s)
    {
        // (0008,1140) SQ, undefined length: item 1 of undefined length holding a UI and a nested defined-length SQ
        // whose item carries a decoy (0028,0010) Rows = 9 that must not leak into the header; item 2 of defined length.
        Header(s, 0x0008, 0x1140, "SQ", -1);
        Tag(s, 0xFFFE, 0xE000, -1);
        Str(s, 0x0008, 0x1150, "UI", "1.2.840.10008.5.1.4.1.1.2");
        using (var nestedItem = new MemoryStream())
        {
            Us(nestedItem, 0x0028, 0x0010, 9);
            Header(s, 0x0008, 0x9215, "SQ", (int)nestedItem.Length + 8);
            Tag(s, 0xFFFE, 0xE000, (int)nestedItem.Length);
            nestedItem.Position = 0;
            nestedItem.CopyTo(s);
        }

        Tag(s, 0xFFFE, 0xE00D, 0);
        using (var item2 = new MemoryStream())
        {
            Str(item2, 0x0008, 0x1155, "UI", "1.2.3.4.5.6");
            Tag(s, 0xFFFE, 0xE000, (int)item2.Length);
            item2.Position = 0;
            item2.CopyTo(s);
        }

        Tag(s, 0xFFFE, 0xE0DD, 0);
    }

    private static void Tag(Stream s, ushort g, ushort e, int length)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(b, g);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], e);
        BinaryPrimitives.WriteInt32LittleEndian(b[4..], length);
        s.Write(b);
    }

    private static string Ds(params double[] v) => string.Join('\\', v.Select(x => x.ToString("0.######", CultureInfo.InvariantCulture)));

    private static void Str(Stream s, ushort g, ushort e, string vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        var pad = bytes.Length % 2 == 1;
        var len = bytes.Length + (pad ? 1 : 0);
        Header(s, g, e, vr, len);
        s.Write(bytes);
        if (pad)
        {
            s.WriteByte(vr == "UI" || vr == "OB" ? (byte)0 : (byte)' ');
        }
    }

    private static void Us(Stream s, ushort g, ushort e, ushort value)
    {
        Header(s, g, e, "US", 2);
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        s.Write(b);
    }

    private static void Header(Stream s, ushort g, ushort e, string vr, int length)
    {
        Span<byte> b = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(b, g);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], e);
        Encoding.ASCII.GetBytes(vr, b[4..]);
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT")
        {
            b[6] = 0;
            b[7] = 0;
            BinaryPrimitives.WriteInt32LittleEndian(b[8..], length);
            s.Write(b);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[6..], (ushort)length);
            s.Write(b[..8]);
        }
    }
}
