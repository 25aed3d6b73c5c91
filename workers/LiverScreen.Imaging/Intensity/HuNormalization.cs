namespace LiverScreen.Imaging.Intensity;

/// <summary>
/// HU to network input: clip to [<paramref name="clipLow"/>, <paramref name="clipHigh"/>] then z-score with a fixed mean and sd
/// (nnU-Net's CT scheme: dataset-wide foreground percentiles and statistics, not per-image, so HU keep their meaning).
/// </summary>
public static class HuNormalization
{
    /// <summary>Clip then (hu - mean) / sd into <paramref name="destination"/>.</summary>
    public static void ClipAndStandardize(ReadOnlySpan<short> hu, Span<float> destination, float clipLow, float clipHigh, float mean, float sd)
    {
        if (destination.Length < hu.Length)
        {
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));
        }

        if (!(sd > 0) || !(clipHigh > clipLow))
        {
            throw new ArgumentException("Need sd > 0 and clipHigh > clipLow.");
        }

        var inv = 1f / sd;
        for (var i = 0; i < hu.Length; i++)
        {
            destination[i] = (Math.Clamp(hu[i], clipLow, clipHigh) - mean) * inv;
        }
    }

    /// <summary>A new float volume on the same grid: clipped and standardized HU.</summary>
    public static Volume<float> ClipAndStandardize(Volume<short> volume, float clipLow, float clipHigh, float mean, float sd)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var result = new Volume<float>(volume.Geometry);
        ClipAndStandardize(volume.Data, result.Data, clipLow, clipHigh, mean, sd);
        return result;
    }

    /// <summary>Mean and sd of HU within [<paramref name="low"/>, <paramref name="high"/>] (e.g. -100..300 for abdominal soft tissue), or null when none.</summary>
    public static (double Mean, double Sd)? Statistics(ReadOnlySpan<short> hu, short low, short high)
    {
        double sum = 0, sumSq = 0;
        long n = 0;
        foreach (var v in hu)
        {
            if (v >= low && v <= high)
            {
                sum += v;
                sumSq += (double)v * v;
                n++;
            }
        }

        if (n == 0)
        {
            return null;
        }

        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, sumSq / n - mean * mean)));
    }
}
