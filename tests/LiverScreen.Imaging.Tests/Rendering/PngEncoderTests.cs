using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using LiverScreen.Imaging.Rendering;

namespace LiverScreen.Imaging.Tests.Rendering;

public class PngEncoderTests
{
    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Encoded_rgb_image_has_valid_chunks_and_decodes_to_the_same_pixels()
    {
        var img = new RgbImage(5, 3);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 5; x++)
            {
                img.Set(x, y, ((byte)(x * 50), (byte)(y * 100), (byte)(x * y * 10)));
            }
        }

        var png = img.ToPng();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var offset = 8;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (offset < png.Length)
        {
            var len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            types.Add(type);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + len));
            Assert.Equal(PngEncoder.Crc32(png.AsSpan(offset + 4, 4 + len)), crc);
            if (type == "IHDR")
            {
                Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 8)));
                Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 12)));
                Assert.Equal(2, png[offset + 17]); // truecolour
            }
            else if (type == "IDAT")
            {
                idat.Write(png, offset + 8, len);
            }

            offset += 12 + len;
        }

        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var data = raw.ToArray();
        Assert.Equal(3 * (1 + 15), data.Length);
        for (var y = 0; y < 3; y++)
        {
            var row = data.AsSpan(y * 16, 16);
            Assert.Equal(1, row[0]); // Sub filter
            var pixels = new byte[15];
            for (var i = 0; i < 15; i++)
            {
                pixels[i] = (byte)(row[i + 1] + (i >= 3 ? pixels[i - 3] : 0));
            }

            Assert.Equal(img.Pixels.AsSpan(y * 15, 15).ToArray(), pixels);
        }
    }
}
