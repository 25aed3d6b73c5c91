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
}
