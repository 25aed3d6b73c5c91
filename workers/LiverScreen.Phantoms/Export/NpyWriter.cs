using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace LiverScreen.Phantoms.Export;

/// <summary>Writes NumPy .npy files (format version 1.0, C order, little endian) so Python reads them with numpy alone.</summary>
public static class NpyWriter
{
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape) => Write(path, "<f4", MemoryMarshal.AsBytes(data), shape);

    public static void Write(string path, ReadOnlySpan<byte> data, params int[] shape) => Write(path, "|u1", data, shape);

    private static void Write(string path, string descr, ReadOnlySpan<byte> bytes, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NpyWriter writes little-endian data from a little-endian host only.");
        }

        var dims = string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        if (shape.Length == 1)
        {
            dims += ",";
        }

        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dims}), }}";
        // Magic (6) + version (2) + header length (2) + dict + padding + '\n' is a multiple of 64.
        var total = 10 + dict.Length + 1;
        var pad = (64 - total % 64) % 64;
        var header = dict + new string(' ', pad) + "\n";
        using var f = File.Create(path);
        f.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        var len = (ushort)header.Length;
        f.Write([(byte)(len & 0xFF), (byte)(len >> 8)]);
        f.Write(Encoding.ASCII.GetBytes(header));
        f.Write(bytes);
    }
}
