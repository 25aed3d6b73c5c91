using System.Text;
using LiverScreen.Imaging;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// The segmentation model's probabilities, stored compactly: "LSPROB1\n", the class count and names, then one
/// <see cref="VolumeFile"/> of bytes per class on the reference grid, round(p * 255) (error at most 1/510; the
/// inference engine's Quantized8 storage). Read back as channel-major floats for the detection core.
/// </summary>
public static class ProbabilityFile
{
    private static readonly byte[] Magic = "LSPROB1\n"u8.ToArray();

    public static byte[] Write(VolumeGeometry geometry, IReadOnlyList<string> classes, Func<int, ReadOnlySpan<byte>> plane)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(plane);
        // Sized up front (names are a few bytes each): a growing MemoryStream copies the ~25 MB of planes repeatedly.
        var capacity = Magic.Length + 4 + classes.Sum(c => 5 + Encoding.UTF8.GetByteCount(c)) + (classes.Count * (VolumeFile.HeaderBytes + geometry.Size.VoxelCount));
        using var ms = new MemoryStream(checked((int)capacity));
        ms.Write(Magic);
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(classes.Count);
            foreach (var c in classes)
            {
                w.Write(c);
            }
        }

        for (var c = 0; c < classes.Count; c++)
        {
            VolumeFile.Write(ms, geometry, plane(c));
        }

        return ms.ToArray();
    }

    /// <summary>Returns the grid, the class names and C x Z x Y x X floats in [0, 1] (channel-major, x fastest).</summary>
    public static (VolumeGeometry Geometry, string[] Classes, float[] Data) Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var ms = new MemoryStream(bytes, writable: false);
        Span<byte> magic = stackalloc byte[8];
        if (ms.Read(magic) != Magic.Length || !magic.SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a LiverScreen probability file (bad magic).");
        }

        string[] classes;
        using (var r = new BinaryReader(ms, Encoding.UTF8, leaveOpen: true))
        {
            var n = r.ReadInt32();
            if (n is <= 0 or > 64)
            {
                throw new InvalidDataException($"Probability file claims {n} classes.");
            }

            classes = new string[n];
            for (var i = 0; i < n; i++)
            {
                classes[i] = r.ReadString();
            }
        }

        VolumeGeometry? geometry = null;
        float[]? data = null;
        for (var c = 0; c < classes.Length; c++)
        {
            var v = VolumeFile.Read<byte>(ms);
            geometry ??= v.Geometry;
            var voxels = v.Data.Length;
            data ??= new float[checked(voxels * classes.Length)];
            var dst = data.AsSpan(c * voxels, voxels);
            for (var i = 0; i < voxels; i++)
            {
                dst[i] = v.Data[i] * (1f / 255f);
            }
        }

        return (geometry!, classes, data!);
    }
}
