using LiverScreen.Dicom.Tests.Support;

namespace LiverScreen.Dicom.Tests;

/// <summary>Every transfer syntax the issue names decodes to the same HU as the synthetic source, bit for bit.</summary>
public sealed class TransferSyntaxTests
{
    private static short[] SyntheticStored(int rows, int cols, int seed, short min, short max)
    {
        // Smooth anatomy-like ramps plus noise and a few extreme values, so predictive codecs see real structure
        // and the extremes check sign handling.
        var rnd = new Random(seed);
        var v = new short[rows * cols];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < cols; x++)
            {
                var r = Math.Sqrt((x - cols / 2.0) * (x - cols / 2.0) + (y - rows / 2.0) * (y - rows / 2.0));
                var baseHu = r < cols / 3.0 ? 40 + 30 * Math.Sin(x / 5.0) : -1000;
                v[y * cols + x] = (short)Math.Clamp(baseHu + rnd.Next(-20, 21), min, max);
            }
        }

        v[0] = min;
        v[1] = max;
        return v;
    }

    public static TheoryData<string, string, string> Conversions => new()
    {
        { "implicit VR LE (dcmconv +ti)", "dcmconv", "+ti" },
        { "explicit VR LE (gdcmconv -X)", "gdcmconv", "-X" },
        { "explicit VR big endian (dcmconv +tb)", "dcmconv", "+tb" },
        { "deflated (dcmconv +td)", "dcmconv", "+td" },
        { "JPEG lossless (gdcmconv --jpeg)", "gdcmconv", "--jpeg" },
        { "JPEG lossless SV1 (dcmcjpeg +el)", "dcmcjpeg", "+el" },
        { "JPEG-LS lossless (gdcmconv --jpegls)", "gdcmconv", "--jpegls" },
        { "JPEG 2000 lossless (gdcmconv --j2k)", "gdcmconv", "--j2k" },
        { "RLE (gdcmconv --rle)", "gdcmconv", "--rle" },
        { "RLE (dcmcrle)", "dcmcrle", "" },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Each_transfer_syntax_decodes_signed_HU_bit_exact(string name, string tool, string args)
    {
        using var dir = new TempDir();
        var stored = SyntheticStored(64, 48, 1, -1024, 3071);
        var src = dir.File("src.dcm");
        TestDicomWriter.Write(src, new TestDicomWriter.Slice { Rows = 64, Columns = 48, Stored = stored, Signed = true });
        var converted = dir.File("conv.dcm");
        TestDicomWriter.Convert(tool, args, src, converted);

        var codec = new GdcmDicomCodec();
        var header = codec.ReadHeader(converted);
        var hu = new short[64 * 48];
        codec.DecodeHu(header, hu);
        Assert.True(stored.AsSpan().SequenceEqual(hu), $"{name} ({header.TransferSyntaxUid}) did not decode bit-exact");
    }

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Each_transfer_syntax_applies_intercept_to_unsigned_12_bit_storage(string name, string tool, string args)
    {
        using var dir = new TempDir();
        // The common scanner layout: unsigned, 12 of 16 bits stored, intercept -1024.
        var hu = SyntheticStored(40, 40, 2, -1024, 3071);
        var stored = hu.Select(h => (short)(h + 1024)).ToArray();
        var src = dir.File("src.dcm");
        TestDicomWriter.Write(src, new TestDicomWriter.Slice { Rows = 40, Columns = 40, Stored = stored, Signed = false, BitsStored = 12, Intercept = -1024 });
        var converted = dir.File("conv.dcm");
        TestDicomWriter.Convert(tool, args, src, converted);

        var codec = new GdcmDicomCodec();
        var header = codec.ReadHeader(converted);
        var decoded = new short[40 * 40];
        codec.DecodeHu(header, decoded);
        Assert.True(hu.AsSpan().SequenceEqual(decoded), $"{name} ({header.TransferSyntaxUid}) did not give the source HU");
    }

    [Theory]
    [InlineData("explicit VR LE as written", "", "")]
    [InlineData("implicit VR LE", "dcmconv", "+ti")]
    [InlineData("explicit VR big endian", "dcmconv", "+tb")]
    [InlineData("deflated", "dcmconv", "+td")]
    [InlineData("JPEG-LS", "gdcmconv", "--jpegls")]
    public void Nested_sequences_of_undefined_length_are_skipped(string name, string tool, string args)
    {
        using var dir = new TempDir();
        var stored = SyntheticStored(16, 12, 3, -1024, 3071);
        var src = dir.File("src.dcm");
        TestDicomWriter.Write(src, new TestDicomWriter.Slice { Rows = 16, Columns = 12, Stored = stored, WithSequences = true, SeriesDescription = "AFTER SEQ" });
        var path = src;
        if (tool.Length > 0)
        {
            path = dir.File("conv.dcm");
            TestDicomWriter.Convert(tool, args, src, path);
        }

        var codec = new GdcmDicomCodec();
        var header = codec.ReadHeader(path);
        Assert.Equal(16, header.Rows); // not the decoy 9 inside the nested item
        Assert.Equal("PH0001", header.PatientId); // an element after the sequence was reached
        Assert.Equal("AFTER SEQ", header.SeriesDescription);
        var hu = new short[16 * 12];
        codec.DecodeHu(header, hu);
        Assert.True(stored.AsSpan().SequenceEqual(hu), $"{name} pixels differ after a sequence");
    }

    [Fact]
    public void Header_longer_than_the_first_read_is_parsed_from_the_whole_file()
    {
        using var dir = new TempDir();
        var stored = SyntheticStored(16, 16, 4, -1024, 3071);
        var src = dir.File("big-header.dcm");
        TestDicomWriter.Write(src, new TestDicomWriter.Slice { Rows = 16, Columns = 16, Stored = stored, PrivateBlobBytes = 200_000 });
        var codec = new GdcmDicomCodec();
        var header = codec.ReadHeader(src);
        Assert.Equal("PH0001", header.PatientId);
        Assert.True(header.PixelDataOffset > 200_000);
        var hu = new short[256];
        codec.DecodeHu(header, hu);
        Assert.Equal(stored, hu);
    }

    [Fact]
    public void Non_integral_slope_rounds_half_away_from_zero()
    {
        using var dir = new TempDir();
        short[] stored = [0, 1, 2, 3, -1, -3, 100, -100];
        var src = dir.File("src.dcm");
        TestDicomWriter.Write(src, new TestDicomWriter.Slice { Rows = 2, Columns = 4, Stored = stored, Slope = 0.5, Intercept = 0.25 });
        var codec = new GdcmDicomCodec();
        var decoded = new short[8];
        codec.DecodeHu(codec.ReadHeader(src), decoded);
        // v*0.5+0.25: 0.25->0, 0.75->1, 1.25->1, 1.75->2, -0.25->0, -1.25->-1, 50.25->50, -49.75->-50
        Assert.Equal(new short[] { 0, 1, 1, 2, 0, -1, 50, -50 }, decoded);
    }
}
