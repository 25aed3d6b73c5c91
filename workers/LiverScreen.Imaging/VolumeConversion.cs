using System.Numerics;

namespace LiverScreen.Imaging;

/// <summary>Voxel type conversions shared by the stages: HU are stored as short (half the bytes) and computed on as
/// float. short -> float is exact, so its vector path gives exactly the scalar result.</summary>
public static class VolumeConversion
{
    /// <summary>HU as float on the same grid. Vectorised (a 512 x 512 x 45 phase is 11.8 M voxels, converted for every
    /// phase of every study in align and segment); the array is not zeroed first because every element is written.</summary>
    public static Volume<float> ToFloat(this Volume<short> volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var src = volume.Data;
        var dst = GC.AllocateUninitializedArray<float>(src.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<short>.Count;
            for (; i <= src.Length - width; i += width)
            {
                Vector.Widen(new Vector<short>(src, i), out var low, out var high);
                Vector.ConvertToSingle(low).CopyTo(dst, i);
                Vector.ConvertToSingle(high).CopyTo(dst, i + Vector<int>.Count);
            }
        }

        for (; i < src.Length; i++)
        {
            dst[i] = src[i];
        }

        return new Volume<float>(volume.Geometry, dst);
    }

    /// <summary>HU back to short, rounded to nearest (ties to even) and clamped to the short range: half the stored size
    /// (aligned phases are stored this way, and the detection core reads them as short).</summary>
    public static Volume<short> ToShort(this Volume<float> volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var src = volume.Data;
        var dst = GC.AllocateUninitializedArray<short>(src.Length);
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = (short)Math.Clamp(MathF.Round(src[i]), short.MinValue, short.MaxValue);
        }

        return new Volume<short>(volume.Geometry, dst);
    }

    /// <summary>
    /// Probabilities stored as bytes, round(p * 255), back to floats q * (1/255): exactly the scalar product for every
    /// q (byte -> float is exact and the vector multiply rounds like the scalar one). A study's 8 class planes are about
    /// 21 M voxels, converted once per study by reclassify.
    /// </summary>
    public static void DequantizeUnit(ReadOnlySpan<byte> quantized, Span<float> probabilities)
    {
        if (probabilities.Length < quantized.Length)
        {
            throw new ArgumentException($"The destination holds {probabilities.Length} values, {quantized.Length} needed.", nameof(probabilities));
        }

        const float Step = 1f / 255f;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<byte>.Count;
            var step = new Vector<float>(Step);
            var quarter = Vector<float>.Count;
            for (; i <= quantized.Length - width; i += width)
            {
                Vector.Widen(new Vector<byte>(quantized[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(a)) * step).CopyTo(probabilities[i..]);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(b)) * step).CopyTo(probabilities[(i + quarter)..]);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(c)) * step).CopyTo(probabilities[(i + (2 * quarter))..]);
                (Vector.ConvertToSingle(Vector.AsVectorInt32(d)) * step).CopyTo(probabilities[(i + (3 * quarter))..]);
            }
        }

        for (; i < quantized.Length; i++)
        {
            probabilities[i] = quantized[i] * Step;
        }
    }
}
