using LiverScreen.Imaging;
using LiverScreen.Tests.Support;

namespace LiverScreen.Imaging.Tests;

public class VolumeFileTests
{
    [Fact]
    public void Round_trip_keeps_geometry_and_voxels()
    {
        var geometry = new VolumeGeometry(new Size3(3, 4, 5), new Vec3(0.7, 0.8, 2.5), new Vec3(-120, 30.5, -400),
            Mat3.FromColumns(new Vec3(1, 0, 0), new Vec3(0, 0.6, 0.8), new Vec3(0, -0.8, 0.6)));
        var volume = new Volume<short>(geometry);
        for (var i = 0; i < volume.Data.Length; i++)
        {
            volume.Data[i] = (short)(i * 37 - 1000);
        }

        using var stream = new MemoryStream();
        VolumeFile.Write(stream, volume);
        stream.Position = 0;
        var back = VolumeFile.Read<short>(stream);

        Assert.Equal(geometry, back.Geometry);
        Assert.Equal(volume.Data, back.Data);
    }

    [Fact]
    public void Reading_with_the_wrong_voxel_type_is_refused()
    {
        using var stream = new MemoryStream();
        VolumeFile.Write(stream, new Volume<byte>(VolumeGeometry.Axial(new Size3(2, 2, 2), new Vec3(1, 1, 1), Vec3.Zero)));
        stream.Position = 0;
        Assert.Throws<InvalidDataException>(() => VolumeFile.Read<float>(stream));
    }

    [Fact]
    public void A_hostile_size_claim_is_refused_before_allocating()
    {
        using var stream = new MemoryStream();
        VolumeFile.Write(stream, new Volume<byte>(VolumeGeometry.Axial(new Size3(2, 2, 2), new Vec3(1, 1, 1), Vec3.Zero)));
        var bytes = stream.ToArray();
        BitConverter.GetBytes(65536).CopyTo(bytes, 16);
        BitConverter.GetBytes(65536).CopyTo(bytes, 20);
        var ex = Assert.Throws<InvalidDataException>(() => VolumeFile.Read<byte>(new MemoryStream(bytes)));
        Assert.Contains("impossible size", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_assembles_the_voxels_from_short_reads()
    {
        var volume = new Volume<float>(VolumeGeometry.Axial(new Size3(7, 5, 3), new Vec3(0.7, 0.7, 5), new Vec3(-10, 20, -30)));
        for (var i = 0; i < volume.Data.Length; i++)
        {
            volume.Data[i] = (i * 0.37f) - 12f;
        }

        using var written = new MemoryStream();
        VolumeFile.Write(written, volume);
        await using var trickle = new ForwardOnlyStream(written.ToArray(), maxRead: 13);
        var back = await VolumeFile.ReadAsync<float>(trickle);

        Assert.Equal(volume.Geometry, back.Geometry);
        Assert.Equal(volume.Data, back.Data);
    }

    [Fact]
    public async Task ReadAsync_refuses_a_truncated_file_and_the_wrong_voxel_type()
    {
        using var written = new MemoryStream();
        VolumeFile.Write(written, new Volume<short>(VolumeGeometry.Axial(new Size3(4, 4, 2), new Vec3(1, 1, 1), Vec3.Zero)));
        var bytes = written.ToArray();

        await Assert.ThrowsAsync<EndOfStreamException>(() => VolumeFile.ReadAsync<short>(new MemoryStream(bytes[..^5])));
        await Assert.ThrowsAsync<InvalidDataException>(() => VolumeFile.ReadAsync<float>(new MemoryStream(bytes)));
    }

    [Fact]
    public void A_plane_written_from_a_span_reads_back_as_that_volume_and_a_wrong_length_is_refused()
    {
        var geometry = new VolumeGeometry(new Size3(3, 2, 2), new Vec3(1.5, 1.5, 5), new Vec3(-10, 4, 2), Mat3.Identity);
        var planes = Enumerable.Range(0, 2 * 12).Select(i => (byte)(i * 7)).ToArray();
        using var ms = new MemoryStream();

        VolumeFile.Write(ms, geometry, planes.AsSpan(12, 12));
        ms.Position = 0;
        var back = VolumeFile.Read<byte>(ms);

        Assert.Equal(geometry, back.Geometry);
        Assert.Equal(planes[12..], back.Data);
        Assert.Throws<ArgumentException>(() => VolumeFile.Write(new MemoryStream(), geometry, planes.AsSpan(0, 11)));
    }

    /// <summary>The stream over a volume gives exactly the bytes <see cref="VolumeFile.Write{T}(Stream, Volume{T})"/>
    /// writes, in any read sizes (including ones that straddle the header's end), and again after a rewind.</summary>
    [Fact]
    public async Task OpenRead_gives_the_written_file_bytes_in_any_chunking_and_after_a_rewind()
    {
        var geometry = new VolumeGeometry(new Size3(7, 5, 3), new Vec3(1.5, 1.5, 5), new Vec3(-10, 20, -30), Mat3.Identity);
        var volume = new Volume<short>(geometry);
        for (var i = 0; i < volume.Data.Length; i++)
        {
            volume.Data[i] = (short)((i * 97) - 1500);
        }

        using var expected = new MemoryStream();
        VolumeFile.Write(expected, volume);
        var want = expected.ToArray();

        await using var stream = VolumeFile.OpenRead(volume);
        Assert.True(stream is { CanRead: true, CanSeek: true, CanWrite: false });
        Assert.Equal(want.Length, stream.Length);
        foreach (var chunk in new[] { 1, 13, VolumeFile.HeaderBytes - 1, 4096 })
        {
            stream.Position = 0;
            var got = new List<byte>();
            var buffer = new byte[chunk];
            int n;
            while ((n = chunk % 2 == 0 ? await stream.ReadAsync(buffer) : stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                got.AddRange(buffer.AsSpan(0, n).ToArray());
            }

            Assert.Equal(want, got.ToArray());
        }

        stream.Seek(-4, SeekOrigin.End);
        var tail = new byte[10];
        Assert.Equal(4, stream.Read(tail, 0, tail.Length));
        Assert.Equal(want[^4..], tail[..4]);
        Assert.Throws<NotSupportedException>(() => stream.Write(tail, 0, 1));
        Assert.Equal(volume.Data, VolumeFile.Read<short>(new MemoryStream(want)).Data);
    }
}
