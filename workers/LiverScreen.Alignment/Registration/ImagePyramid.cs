using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Registration;

/// <summary>Builds the multi-resolution levels: clip to the soft-tissue window (HU), Gaussian smooth with sigma half
/// the new spacing (anti-aliasing), resample to the level spacing (never finer than the native spacing).</summary>
public static class ImagePyramid
{
    /// <summary>All levels, coarse to fine as <paramref name="levelSpacingMm"/> lists them. Built finest first, each
    /// coarser level from the next finer one (smoothing a small image with a small kernel), which is what makes the
    /// pyramid cheap: the full-resolution volume is smoothed once.</summary>
    public static LevelImage[] Build(Volume<float> image, IReadOnlyList<double> levelSpacingMm, float windowMin, float windowMax)
    {
        ArgumentNullException.ThrowIfNull(levelSpacingMm);
        var levels = new LevelImage[levelSpacingMm.Count];
        var source = image;
        for (var l = levels.Length - 1; l >= 0; l--)
        {
            levels[l] = Level(source, levelSpacingMm[l], windowMin, windowMax);
            source = levels[l].Volume;
        }

        return levels;
    }

    public static LevelImage Level(Volume<float> image, double levelSpacingMm, float windowMin, float windowMax)
    {
        ArgumentNullException.ThrowIfNull(image);
        var g = image.Geometry;
        var spacing = new Vec3(
            Math.Max(levelSpacingMm, g.Spacing.X),
            Math.Max(levelSpacingMm, g.Spacing.Y),
            Math.Max(levelSpacingMm, g.Spacing.Z));
        var clipped = new float[image.Data.Length];
        for (var i = 0; i < clipped.Length; i++)
        {
            clipped[i] = Math.Clamp(image.Data[i], windowMin, windowMax);
        }

        // sigma^2 = (target^2 - native^2) / 4 per axis: a band limit for the new spacing without over-blurring.
        var sigma = new Vec3(
            0.5 * Math.Sqrt(Math.Max(0, spacing.X * spacing.X - g.Spacing.X * g.Spacing.X)),
            0.5 * Math.Sqrt(Math.Max(0, spacing.Y * spacing.Y - g.Spacing.Y * g.Spacing.Y)),
            0.5 * Math.Sqrt(Math.Max(0, spacing.Z * spacing.Z - g.Spacing.Z * g.Spacing.Z)));
        var smoothed = GaussianFilter.Smooth(clipped, g.Size, g.Spacing, sigma);
        var smoothVolume = new Volume<float>(g, smoothed);
        if (spacing == g.Spacing)
        {
            return new LevelImage(smoothVolume);
        }

        var grid = Resampler.WithSpacing(g, spacing);
        return new LevelImage(Resampler.Linear(smoothVolume, grid, null, windowMin));
    }
}
