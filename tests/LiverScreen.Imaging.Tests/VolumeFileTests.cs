using LiverScreen.Imaging;

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
}
