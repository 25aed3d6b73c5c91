using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace LiverScreen.Dicom;

/// <summary>
/// Stored pixel values to Hounsfield units: HU = stored * RescaleSlope + RescaleIntercept (PS3.3 C.11.1.1.2).
/// Rounding: when slope and intercept are integers (almost every CT) the result is exact integer arithmetic;
/// otherwise it is rounded to the nearest integer, halves away from zero (<see cref="MidpointRounding.AwayFromZero"/>).
/// Results outside short range are clamped to -32768..32767 (real CT stays in -1024..3071 or so).
/// </summary>
public static class HuConversion
{
    /// <summary>Converts one frame of raw 16-bit stored values (as they sit in the file) to HU.</summary>
    /// <param name="raw">Rows x Columns x 2 bytes.</param>
    /// <param name="bigEndian">Byte order of <paramref name="raw"/>.</param>
    /// <param name="bitsStored">Bits holding the value (e.g. 12 or 16); higher bits are masked off.</param>
    /// <param name="isSigned">PixelRepresentation 1: two's complement in <paramref name="bitsStored"/> bits.</param>
    public static void Convert16(ReadOnlySpan<byte> raw, bool bigEndian, int bitsStored, bool isSigned, double slope, double intercept, Span<short> destination)
    {
        var n = destination.Length;
        if (raw.Length < n * 2)
        {
            throw new ArgumentException($"Frame needs {n * 2} bytes but {raw.Length} were given.", nameof(raw));
        }

        var words = MemoryMarshal.Cast<byte, ushort>(raw[..(n * 2)]);
        var shift = 32 - Math.Clamp(bitsStored, 1, 16);
        var integral = slope == Math.Round(slope) && intercept == Math.Round(intercept);
        var swap = bigEndian == BitConverter.IsLittleEndian;

        // Fast path: 16 bits stored, signed, slope 1: the HU is the stored value plus an integer intercept.
        if (integral && slope == 1 && !swap && bitsStored == 16)
        {
            var add = (int)intercept;
            if (isSigned)
            {
                var s = MemoryMarshal.Cast<ushort, short>(words);
                for (var i = 0; i < n; i++)
                {
                    destination[i] = Clamp(s[i] + add);
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    destination[i] = Clamp(words[i] + add);
                }
            }

            return;
        }

        if (integral && slope == 1 && !swap)
        {
            // The usual scanner layout (e.g. unsigned 12 of 16 bits, intercept -1024): mask or sign-extend, add. Branch-free.
            var add = (int)intercept;
            if (isSigned)
            {
                for (var i = 0; i < n; i++)
                {
                    destination[i] = Clamp((((int)words[i] << shift) >> shift) + add);
                }
            }
            else
            {
                var mask = (int)((1u << Math.Clamp(bitsStored, 1, 16)) - 1);
                for (var i = 0; i < n; i++)
                {
                    destination[i] = Clamp((words[i] & mask) + add);
                }
            }

            return;
        }

        for (var i = 0; i < n; i++)
        {
            var w = swap ? BinaryPrimitives.ReverseEndianness(words[i]) : words[i];
            // Mask to BitsStored and sign-extend if signed: shift the value to the top of an int and back.
            var v = isSigned ? ((int)w << shift) >> shift : (int)((uint)w << shift >> shift);
            destination[i] = integral
                ? Clamp((long)(v * (long)slope + (long)intercept))
                : Clamp((long)Math.Round(v * slope + intercept, MidpointRounding.AwayFromZero));
        }
    }

    /// <summary>Converts one frame of 8-bit stored values to HU (rare for CT, but legal).</summary>
    public static void Convert8(ReadOnlySpan<byte> raw, bool isSigned, double slope, double intercept, Span<short> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var v = isSigned ? (int)(sbyte)raw[i] : raw[i];
            destination[i] = Clamp((long)Math.Round(v * slope + intercept, MidpointRounding.AwayFromZero));
        }
    }

    private static short Clamp(long v) => (short)Math.Clamp(v, short.MinValue, short.MaxValue);

    private static short Clamp(int v) => (short)Math.Clamp(v, short.MinValue, short.MaxValue);
}
