using LiverScreen.Alignment.Registration;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Quality;

/// <summary>Studholme's normalised mutual information (H(F) + H(M)) / H(F, M), from 1 (independent) to 2 (one
/// determines the other), with a plain 32x32 histogram over a sample set: the QA measure, independent of the
/// optimiser's Parzen-smoothed metric and of the optimiser's samples.</summary>
public static class NormalisedMutualInformation
{
    private const int Bins = 32;

    public static (double Nmi, double Overlap) Compute(SampleSet samples, LevelImage moving, ISpatialTransform transform, float windowMin, float windowMax)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(moving);
        ArgumentNullException.ThrowIfNull(transform);
        var joint = new long[Bins * Bins];
        var width = (windowMax - windowMin) / (double)Bins;
        var n = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            if (!moving.TrySample(transform.Apply(samples.Points[i]), out var m))
            {
                continue;
            }

            var k = Math.Clamp((int)((samples.Values[i] - windowMin) / width), 0, Bins - 1);
            var l = Math.Clamp((int)((m - windowMin) / width), 0, Bins - 1);
            joint[k * Bins + l]++;
            n++;
        }

        if (n == 0)
        {
            return (1, 0);
        }

        var pf = new double[Bins];
        var pm = new double[Bins];
        double hj = 0;
        for (var k = 0; k < Bins; k++)
        {
            for (var l = 0; l < Bins; l++)
            {
                var p = joint[k * Bins + l] / (double)n;
                pf[k] += p;
                pm[l] += p;
                if (p > 0)
                {
                    hj -= p * Math.Log(p);
                }
            }
        }

        double hf = 0, hm = 0;
        for (var b = 0; b < Bins; b++)
        {
            if (pf[b] > 0) hf -= pf[b] * Math.Log(pf[b]);
            if (pm[b] > 0) hm -= pm[b] * Math.Log(pm[b]);
        }

        return (hj > 0 ? (hf + hm) / hj : 1, n / (double)samples.Count);
    }
}
