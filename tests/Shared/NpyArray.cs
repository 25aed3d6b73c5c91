using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace LiverScreen.Tests.Support;

/// <summary>A .npy array (format 1.0, C order) as numpy and the phantom exporter write it: float32 ('&lt;f4') or uint8 ('|u1').
/// Shared by the test projects as a linked source file (tests/Shared).</summary>
internal static class NpyArray
{
    public static (float[] Data, int[] Shape) ReadFloat32(string path) => Read<float>(path, "'<f4'");

    /// <summary>A float32 array with its shape as the engine's tensors take it (long dimensions).</summary>
    public static (float[] Data, long[] Shape) ReadFloat32Tensor(string path)
    {
        var (data, shape) = ReadFloat32(path);
        return (data, Array.ConvertAll(shape, d => (long)d));
    }

    public static (byte[] Data, int[] Shape) ReadUInt8(string path) => Read<byte>(path, "'|u1'");

    private static (T[] Data, int[] Shape) Read<T>(string path, string descr)
        where T : unmanaged
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path} is not an .npy file");
        // version 1.x: 2-byte header length; 2.x/3.x: 4-byte
        var (headerLength, offset) = bytes[6] == 1
            ? (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)), 10)
            : ((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), 12);
        var header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        if (!header.Contains("'descr': " + descr, StringComparison.Ordinal) || header.Contains("'fortran_order': True", StringComparison.Ordinal))
            throw new InvalidDataException($"{path}: expected a C-order {descr} array, header {header.Trim()}");
        var open = header.IndexOf('(', StringComparison.Ordinal) + 1;
        var shape = header[open..header.IndexOf(')', open)]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(int.Parse)
            .ToArray();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var data = MemoryMarshal.Cast<byte, T>(bytes.AsSpan(offset + headerLength)).ToArray();
        if (data.Length != count)
            throw new InvalidDataException($"{path}: {data.Length} elements for shape ({string.Join(", ", shape)})");
        return (data, shape);
    }
}
