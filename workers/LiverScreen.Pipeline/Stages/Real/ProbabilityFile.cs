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
        // Sized exactly up front: a growing MemoryStream copies the ~21 MB of planes repeatedly, and an exact buffer is
        // returned as it is. BinaryWriter writes a name as its UTF-8 length in 7-bit groups, then the bytes.
        var capacity = Magic.Length + 4 + classes.Sum(c => NameBytes(Encoding.UTF8.GetByteCount(c))) + (classes.Count * (VolumeFile.HeaderBytes + geometry.Size.VoxelCount));
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

        // The capacity was exact, so the stream's own buffer is the file: no second ~21 MB array and copy.
        return ms.Length == ms.Capacity ? ms.GetBuffer() : ms.ToArray();
    }

    /// <summary>Returns the grid, the class names and C x Z x Y x X floats in [0, 1] (channel-major, x fastest). Each class
    /// plane is converted straight from <paramref name="bytes"/> (no per-plane copy), planes side by side.</summary>
    public static (VolumeGeometry Geometry, string[] Classes, float[] Data) Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a LiverScreen probability file (bad magic).");
        }

        string[] classes;
        int offset;
        using (var ms = new MemoryStream(bytes, writable: false))
        using (var r = new BinaryReader(ms, Encoding.UTF8, leaveOpen: true))
        {
            ms.Position = Magic.Length;
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

            offset = checked((int)ms.Position);
        }

        // Every plane must describe the same grid; find each plane's start first so the conversions can run in parallel.
        var geometry = Header(bytes, offset);
        var voxels = checked((int)geometry.Size.VoxelCount);
        var planeBytes = VolumeFile.HeaderBytes + voxels;
        if ((long)offset + ((long)classes.Length * planeBytes) != bytes.Length)
        {
            throw new InvalidDataException($"Probability file holds {bytes.Length} bytes; {classes.Length} planes of {geometry.Size} need {offset + ((long)classes.Length * planeBytes)}.");
        }

        for (var c = 1; c < classes.Length; c++)
        {
            if (!Header(bytes, offset + (c * planeBytes)).Equals(geometry))
            {
                throw new InvalidDataException($"Probability plane {c} ({classes[c]}) is on a different grid from plane 0.");
            }
        }

        var data = GC.AllocateUninitializedArray<float>(checked(voxels * classes.Length));
        Parallel.For(0, classes.Length, c => VolumeConversion.DequantizeUnit(
            bytes.AsSpan(offset + (c * planeBytes) + VolumeFile.HeaderBytes, voxels),
            data.AsSpan(c * voxels, voxels)));
        return (geometry, classes, data);
    }

    private static int NameBytes(int utf8Bytes)
    {
        var prefix = 1;
        for (var n = utf8Bytes; n >= 0x80; n >>= 7)
        {
            prefix++;
        }

        return prefix + utf8Bytes;
    }

    private static VolumeGeometry Header(byte[] bytes, int at) =>
        at + VolumeFile.HeaderBytes <= bytes.Length
            ? VolumeFile.ParseHeader<byte>(bytes.AsSpan(at, VolumeFile.HeaderBytes))
            : throw new EndOfStreamException("Probability file ends inside a plane header.");
}
