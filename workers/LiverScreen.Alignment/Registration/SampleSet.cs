using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Registration;

/// <summary>A fixed set of reference-image sample points (LPS mm) inside the registration mask, with their
/// reference intensities. Drawn once per level from a seeded generator, so every evaluation of the similarity
/// sees the same points (Mattes' fixed sample set) and a run is reproducible.</summary>
public sealed class SampleSet
{
    private SampleSet(Vec3[] points, float[] values)
    {
        Points = points;
        Values = values;
    }

    public Vec3[] Points { get; }

    public float[] Values { get; }

    public int Count => Points.Length;

    /// <summary>Up to <paramref name="count"/> voxel centres of <paramref name="image"/> where
    /// <paramref name="mask"/> (on the same grid) is set, each jittered by up to half a voxel so the set does not
    /// lie on the moving image's lattice (avoids interpolation artefacts in the similarity).</summary>
    public static SampleSet Draw(LevelImage image, byte[] mask, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(mask);
        var candidates = new List<int>();
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != 0)
            {
                candidates.Add(i);
            }
        }

        var rng = new Random(seed);
        // Partial Fisher-Yates: the first n entries are a uniform sample without replacement.
        var n = Math.Min(count, candidates.Count);
        for (var i = 0; i < n; i++)
        {
            var j = rng.Next(i, candidates.Count);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }

        candidates.RemoveRange(n, candidates.Count - n);
        candidates.Sort(); // memory order: better cache behaviour when sampling the moving image

        var s = image.Volume.Size;
        var points = new List<Vec3>(n);
        var values = new List<float>(n);
        foreach (var idx in candidates)
        {
            var x = idx % s.X;
            var y = idx / s.X % s.Y;
            var z = idx / s.SliceVoxels;
            var p = image.Geometry.IndexToLps(
                x + (rng.NextDouble() - 0.5) * (s.X > 1 ? 1 : 0),
                y + (rng.NextDouble() - 0.5) * (s.Y > 1 ? 1 : 0),
                z + (rng.NextDouble() - 0.5) * (s.Z > 1 ? 1 : 0));
            if (image.TrySample(p, out var v))
            {
                points.Add(p);
                values.Add(v);
            }
        }

        return new SampleSet([.. points], [.. values]);
    }
}
