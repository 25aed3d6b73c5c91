namespace LiverScreen.Inference.Volumes;

/// <summary>Where sliding-window tiles start along one axis (nnU-Net's compute_steps_for_sliding_window).</summary>
public static class TileGrid
{
    /// <summary>
    /// Start voxels of tiles of <paramref name="patch"/> voxels covering <paramref name="size"/> voxels, neighbours sharing
    /// about <paramref name="overlap"/> of a tile: the fewest tiles with step at most patch * (1 - overlap), spread evenly
    /// so the first starts at 0 and the last ends at size. A volume smaller than a tile gets one tile centred on it
    /// (negative start): the part outside the volume is padding.
    /// </summary>
    public static int[] Starts(int size, int patch, double overlap)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(patch);
        if (size <= patch)
        {
            return [-((patch - size) / 2)];
        }

        var targetStep = Math.Max(1.0, patch * (1.0 - overlap));
        var count = (int)Math.Ceiling((size - patch) / targetStep) + 1;
        var actualStep = (double)(size - patch) / (count - 1);
        var starts = new int[count];
        for (var i = 0; i < count; i++)
        {
            starts[i] = (int)Math.Round(actualStep * i, MidpointRounding.AwayFromZero);
        }

        return starts;
    }
}
