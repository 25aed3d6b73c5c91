using System.Numerics;

namespace LiverScreen.Inference.Cards;

/// <summary>
/// Intensity normalisation of CT channels. "window": clip HU to [MinHu, MaxHu], then map linearly to [-1, 1]
/// (so -1 is air / anything at or below MinHu); a missing phase's channel is 0.
/// </summary>
public sealed record ModelCardNormalization
{
    public const string Window = "window";

    public string Kind { get; init; } = string.Empty;

    public double MinHu { get; init; }

    public double MaxHu { get; init; }

    /// <summary>Normalised value of <paramref name="hu"/> (window kind).</summary>
    public float Apply(float hu)
    {
        var min = (float)MinHu;
        var max = (float)MaxHu;
        var clipped = hu < min ? min : hu > max ? max : hu;
        return (2f * (clipped - min) / (max - min)) - 1f;
    }

    /// <summary><see cref="Apply(float)"/> over a row, SIMD: the same operations in the same order per voxel (clip,
    /// 2 (hu - min) / (max - min) - 1), so bit-identical to the scalar form.</summary>
    public void Apply(ReadOnlySpan<float> hu, Span<float> dest)
    {
        if (dest.Length < hu.Length)
        {
            throw new ArgumentException($"Destination holds {dest.Length} values, the row {hu.Length}.", nameof(dest));
        }

        var min = (float)MinHu;
        var max = (float)MaxHu;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vMin = new Vector<float>(min);
            var vMax = new Vector<float>(max);
            var vRange = new Vector<float>(max - min);
            var two = new Vector<float>(2f);
            for (; i <= hu.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var clipped = Vector.Min(Vector.Max(new Vector<float>(hu[i..]), vMin), vMax);
                ((two * (clipped - vMin) / vRange) - Vector<float>.One).CopyTo(dest[i..]);
            }
        }

        for (; i < hu.Length; i++)
        {
            dest[i] = Apply(hu[i]);
        }
    }
}
