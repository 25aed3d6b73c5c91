using LiverScreen.Imaging;

namespace LiverScreen.Imaging.Tests;

public sealed class VolumeConversionTests
{
    /// <summary>Every short value, on a voxel count that is no multiple of any vector width (so the scalar tail runs
    /// too): the vector path must give exactly (float)value, on the same grid.</summary>
    [Fact]
    public void ToFloat_gives_every_short_exactly_on_the_same_grid()
    {
        var geometry = new VolumeGeometry(new Size3(259, 255, 1), new Vec3(0.7, 0.7, 5), new Vec3(-90, -90, 10), Mat3.Identity);
        var data = new short[259 * 255];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (short)(short.MinValue + (i % 65536));
        }

        var result = new Volume<short>(geometry, data).ToFloat();

        Assert.Same(geometry, result.Geometry);
        Assert.Equal(data.Length, result.Data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            Assert.True(result.Data[i] == data[i], $"voxel {i}: {result.Data[i]} for {data[i]}");
        }

        Assert.Contains(result.Data, v => v == short.MinValue);
        Assert.Contains(result.Data, v => v == short.MaxValue);
    }

    [Fact]
    public void ToShort_rounds_to_nearest_with_ties_to_even_and_clamps_to_the_short_range()
    {
        var geometry = new VolumeGeometry(new Size3(8, 1, 1), new Vec3(1.5, 1.5, 5), Vec3.Zero, Mat3.Identity);
        float[] hu = [-1024.4f, 40.5f, 41.5f, -0.5f, 99.6f, 1e6f, -1e6f, 3071.49f];

        var result = new Volume<float>(geometry, hu).ToShort();

        Assert.Same(geometry, result.Geometry);
        Assert.Equal(new short[] { -1024, 40, 42, 0, 100, short.MaxValue, short.MinValue, 3071 }, result.Data);
    }

    /// <summary>Every byte value, at an odd length and offset (vector body and scalar tail both run): exactly q * (1/255)
    /// as the scalar expression gives it, so stored probabilities read back bit for bit as before.</summary>
    [Fact]
    public void DequantizeUnit_gives_every_byte_exactly_as_the_scalar_product()
    {
        var q = new byte[1000 + 37];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = (byte)((i * 7) % 256);
        }

        var p = new float[q.Length + 3];
        p.AsSpan().Fill(-1);

        VolumeConversion.DequantizeUnit(q.AsSpan(1), p.AsSpan(2));

        Assert.Equal(-1, p[0]);
        Assert.Equal(-1, p[1]);
        for (var i = 1; i < q.Length; i++)
        {
            Assert.True(p[i + 1] == q[i] * (1f / 255f), $"value {q[i]} at {i}: {p[i + 1]}");
        }

        Assert.Equal(-1, p[^1]);
        Assert.Contains(p, v => v == 1f);
        Assert.Throws<ArgumentException>(() => VolumeConversion.DequantizeUnit(q, new float[q.Length - 1]));
    }
}
