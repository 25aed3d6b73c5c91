using LiverScreen.Imaging;
using LiverScreen.Pipeline.Stages.Real;

namespace LiverScreen.Pipeline.Tests.Screening;

/// <summary>The segment stage's probability file, which reclassify reads back: round trip, and damaged files refused.</summary>
public sealed class When_probabilities_are_stored
{
    private static readonly VolumeGeometry Grid = new(new Size3(13, 7, 5), new Vec3(1.5, 1.5, 5), new Vec3(-10, 20, 30), Mat3.Identity);

    private static readonly string[] Classes = ["background", "liver", "HCC"];

    private static float[] Planes()
    {
        var n = (int)Grid.Size.VoxelCount;
        var random = new Random(3);
        var p = new float[n * Classes.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = i % 97 == 0 ? 1f : (float)random.NextDouble();
        }

        return p;
    }

    [Fact]
    public void Should_read_back_grid_names_and_every_probability_within_half_a_step()
    {
        var p = Planes();
        var n = (int)Grid.Size.VoxelCount;
        var q = p.Select(v => (byte)Math.Round(v * 255)).ToArray();

        var bytes = ProbabilityFile.Write(Grid, Classes, c => q.AsSpan(c * n, n));
        var (geometry, classes, data) = ProbabilityFile.Read(bytes);

        Assert.Equal(Grid, geometry);
        Assert.Equal(Classes, classes);
        Assert.Equal(p.Length, data.Length);
        for (var i = 0; i < p.Length; i++)
        {
            Assert.True(Math.Abs(data[i] - p[i]) <= (1 / 510.0) + 1e-7, $"voxel {i}: {data[i]} for {p[i]}");
            Assert.Equal(q[i] * (1f / 255f), data[i]);
        }
    }

    /// <summary>The file is returned as the writer's own buffer only when that buffer is exactly the file: a name long
    /// enough for a two-byte length prefix must still round-trip with no trailing bytes.</summary>
    [Fact]
    public void Should_round_trip_class_names_of_any_length()
    {
        var n = (int)Grid.Size.VoxelCount;
        var q = new byte[n * 2];
        string[] names = ["background", new string('l', 200)];

        var bytes = ProbabilityFile.Write(Grid, names, c => q.AsSpan(c * n, n));

        Assert.Equal(names, ProbabilityFile.Read(bytes).Classes);
    }

    [Fact]
    public void Should_refuse_a_truncated_file_or_one_with_planes_on_different_grids()
    {
        var n = (int)Grid.Size.VoxelCount;
        var q = new byte[n * Classes.Length];
        var bytes = ProbabilityFile.Write(Grid, Classes, c => q.AsSpan(c * n, n));

        Assert.Contains("need", Assert.Throws<InvalidDataException>(() => ProbabilityFile.Read(bytes[..^1])).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ProbabilityFile.Read([.. "LSVOL1\n\n"u8, .. bytes[8..]]));

        // The last plane claims another origin.
        var other = Grid with { Origin = new Vec3(0, 0, 0) };
        var mixed = ProbabilityFile.Write(Grid, Classes, c => q.AsSpan(c * n, n));
        var last = ProbabilityFile.Write(other, ["x"], _ => q.AsSpan(0, n));
        var planeBytes = VolumeFile.HeaderBytes + n;
        last.AsSpan(last.Length - planeBytes, VolumeFile.HeaderBytes).CopyTo(mixed.AsSpan(mixed.Length - planeBytes));
        var ex = Assert.Throws<InvalidDataException>(() => ProbabilityFile.Read(mixed));
        Assert.Contains("HCC", ex.Message, StringComparison.Ordinal);
    }
}
