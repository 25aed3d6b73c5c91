using LiverScreen.Imaging;

namespace LiverScreen.Inference.Volumes;

/// <summary>
/// The in-plane bounding box of the patient in a CT volume: voxels above a HU threshold (about -500: fat is -100,
/// air -1000) in any phase. Segmentation tiles only this box; the rest of the field of view is air.
/// One pass over the voxels (linear), no allocation besides the result.
/// </summary>
public static class BodyBox
{
    /// <summary>
    /// Inclusive minimum and exclusive maximum voxel (x, y, z) of the voxels above <paramref name="thresholdHu"/> in any of
    /// <paramref name="volumes"/> (one grid), grown by <paramref name="marginVoxels"/> in x and y and clamped to the grid;
    /// z always spans every slice. Max &lt;= min on an axis when no voxel passes.
    /// </summary>
    public static (Size3 Min, Size3 Max) Find(IEnumerable<Volume<float>> volumes, float thresholdHu, int marginVoxels)
    {
        ArgumentNullException.ThrowIfNull(volumes);
        ArgumentOutOfRangeException.ThrowIfNegative(marginVoxels);
        Size3? size = null;
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        foreach (var v in volumes)
        {
            size ??= v.Size;
            if (v.Size != size)
            {
                throw new ArgumentException($"Volumes must share one grid ({v.Size} vs {size}).", nameof(volumes));
            }

            var (nx, ny) = (v.Size.X, v.Size.Y);
            var data = v.Data;
            for (var row = 0; row < ny * v.Size.Z; row++)
            {
                var line = data.AsSpan(row * nx, nx);
                var first = -1;
                for (var x = 0; x < nx; x++)
                {
                    if (line[x] > thresholdHu)
                    {
                        first = x;
                        break;
                    }
                }

                if (first < 0)
                {
                    continue;
                }

                var last = first;
                for (var x = nx - 1; x > first; x--)
                {
                    if (line[x] > thresholdHu)
                    {
                        last = x;
                        break;
                    }
                }

                var y = row % ny;
                x0 = Math.Min(x0, first);
                x1 = Math.Max(x1, last);
                y0 = Math.Min(y0, y);
                y1 = Math.Max(y1, y);
            }
        }

        if (size is not { } s)
        {
            throw new ArgumentException("No volume given.", nameof(volumes));
        }

        if (x1 < 0)
        {
            return (new Size3(0, 0, 0), new Size3(0, 0, s.Z));
        }

        return (new Size3(Math.Max(0, x0 - marginVoxels), Math.Max(0, y0 - marginVoxels), 0),
                new Size3(Math.Min(s.X, x1 + 1 + marginVoxels), Math.Min(s.Y, y1 + 1 + marginVoxels), s.Z));
    }

    /// <summary>The sub-volume [min, max) as a new volume whose geometry keeps every voxel's patient position.</summary>
    public static Volume<T> Crop<T>(Volume<T> volume, Size3 min, Size3 max)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(volume);
        var g = volume.Geometry;
        var size = new Size3(max.X - min.X, max.Y - min.Y, max.Z - min.Z);
        if (size.X <= 0 || size.Y <= 0 || size.Z <= 0 || max.X > g.Size.X || max.Y > g.Size.Y || max.Z > g.Size.Z || min.X < 0 || min.Y < 0 || min.Z < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"Box {min}..{max} is not inside the grid {g.Size}.");
        }

        var geometry = g with { Size = size, Origin = g.IndexToLps(min.X, min.Y, min.Z) };
        var dst = new T[checked((int)size.VoxelCount)];
        for (var z = 0; z < size.Z; z++)
        {
            for (var y = 0; y < size.Y; y++)
            {
                volume.Data.AsSpan(volume.Index(min.X, min.Y + y, min.Z + z), size.X).CopyTo(dst.AsSpan(((z * size.Y) + y) * size.X, size.X));
            }
        }

        return new Volume<T>(geometry, dst);
    }
}
