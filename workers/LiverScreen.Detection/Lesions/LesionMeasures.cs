using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Lesions;

/// <summary>Measurements of one lesion mask: box, centre (LPS mm), volume (cm3), longest axial diameter (mm), key slice,
/// mean HU per phase.</summary>
public static class LesionMeasures
{
    /// <summary>Builds a <see cref="DetectedLesion"/> from sorted linear voxel indices on <paramref name="geometry"/>.</summary>
    public static DetectedLesion Describe(
        int id,
        LesionType type,
        int[] sortedVoxels,
        VolumeGeometry geometry,
        IReadOnlyDictionary<Phase, Volume<short>>? phaseHu = null)
    {
        ArgumentNullException.ThrowIfNull(sortedVoxels);
        ArgumentNullException.ThrowIfNull(geometry);
        if (sortedVoxels.Length == 0)
        {
            throw new ArgumentException("A lesion needs at least one voxel.", nameof(sortedVoxels));
        }

        var size = geometry.Size;
        int x0 = int.MaxValue, y0 = int.MaxValue, z0 = int.MaxValue, x1 = -1, y1 = -1, z1 = -1;
        double sx = 0, sy = 0, sz = 0;
        var perSlice = new Dictionary<int, int>();
        foreach (var v in sortedVoxels)
        {
            var (x, y, z) = Coordinates(v, size);
            x0 = Math.Min(x0, x); y0 = Math.Min(y0, y); z0 = Math.Min(z0, z);
            x1 = Math.Max(x1, x); y1 = Math.Max(y1, y); z1 = Math.Max(z1, z);
            sx += x; sy += y; sz += z;
            perSlice[z] = perSlice.GetValueOrDefault(z) + 1;
        }

        var n = sortedVoxels.Length;
        var box = new VoxelBox(x0, y0, z0, x1, y1, z1);
        var cz = sz / n;

        // Paper 000's key slice: the axial slice where the lesion is largest; ties go to the slice nearest the centroid.
        var keySlice = perSlice.OrderByDescending(kv => kv.Value).ThenBy(kv => Math.Abs(kv.Key - cz)).ThenBy(kv => kv.Key).First().Key;

        var meanHu = new Dictionary<Phase, double>();
        if (phaseHu is not null)
        {
            foreach (var (phase, vol) in phaseHu)
            {
                double sum = 0;
                foreach (var v in sortedVoxels)
                {
                    sum += vol.Data[v];
                }

                meanHu[phase] = sum / n;
            }
        }

        return new DetectedLesion(
            id,
            type,
            sortedVoxels,
            box,
            geometry.IndexToLps(sx / n, sy / n, cz),
            n * geometry.VoxelVolumeMm3 / 1000.0,
            LongestAxialDiameterMm(sortedVoxels, box, geometry),
            keySlice,
            meanHu);
    }

    /// <summary>
    /// Longest in-plane extent over all axial slices (mm): the largest distance between the centres of two boundary pixels
    /// of one slice, plus one in-plane pixel so a single pixel measures one pixel (edge to edge, like a caliper).
    /// Cost is linear in the voxels: the farthest pair of a point set lies on its convex hull, and the hull of a slice's
    /// boundary pixels (already in (y, x) raster order, so Andrew's monotone chain needs no sort) has only a few dozen
    /// vertices even for a ragged candidate of hundreds of thousands of voxels. The voxel-to-mm map is linear, so the
    /// hull in index space maps onto the hull in mm. (Comparing every pair of boundary pixels took minutes on a 697k-voxel
    /// high-sensitivity candidate.)
    /// </summary>
    public static double LongestAxialDiameterMm(ReadOnlySpan<int> sortedVoxels, VoxelBox box, VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var size = geometry.Size;
        var bw = box.SizeX;
        var bh = box.SizeY;
        var colStep = geometry.Direction.Column(0) * geometry.Spacing.X;
        var rowStep = geometry.Direction.Column(1) * geometry.Spacing.Y;
        var mask = new bool[bw * bh];
        var best = 0.0;
        var boundary = new List<(int X, int Y)>();
        var hull = new List<(int X, int Y)>();
        var i = 0;
        while (i < sortedVoxels.Length)
        {
            var z = sortedVoxels[i] / size.SliceVoxels;
            Array.Clear(mask);
            var start = i;
            while (i < sortedVoxels.Length && sortedVoxels[i] / size.SliceVoxels == z)
            {
                var (x, y, _) = Coordinates(sortedVoxels[i], size);
                mask[(y - box.Y0) * bw + (x - box.X0)] = true;
                i++;
            }

            boundary.Clear();
            for (var k = start; k < i; k++)
            {
                var (x, y, _) = Coordinates(sortedVoxels[k], size);
                int lx = x - box.X0, ly = y - box.Y0;
                var inside = lx > 0 && ly > 0 && lx < bw - 1 && ly < bh - 1
                    && mask[ly * bw + lx - 1] && mask[ly * bw + lx + 1] && mask[(ly - 1) * bw + lx] && mask[(ly + 1) * bw + lx];
                if (!inside)
                {
                    boundary.Add((x, y));
                }
            }

            ConvexHull(boundary, hull);
            for (var a = 0; a < hull.Count; a++)
            {
                for (var b = a + 1; b < hull.Count; b++)
                {
                    var d = (colStep * (hull[b].X - hull[a].X) + rowStep * (hull[b].Y - hull[a].Y)).Length;
                    best = Math.Max(best, d);
                }
            }
        }

        return best + (geometry.Spacing.X + geometry.Spacing.Y) / 2;
    }

    /// <summary>Andrew's monotone chain over points in lexicographic (Y, X) order; collinear points are dropped.
    /// Writes the hull vertices (any order) into <paramref name="hull"/>; fewer than three points are copied as they are.</summary>
    internal static void ConvexHull(List<(int X, int Y)> sorted, List<(int X, int Y)> hull)
    {
        hull.Clear();
        if (sorted.Count < 3)
        {
            hull.AddRange(sorted);
            return;
        }

        // Lower chain then upper chain, each keeping only counter-clockwise turns.
        for (var k = 0; k < sorted.Count; k++)
        {
            while (hull.Count >= 2 && Cross(hull[^2], hull[^1], sorted[k]) <= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(sorted[k]);
        }

        var lower = hull.Count + 1;
        for (var k = sorted.Count - 2; k >= 0; k--)
        {
            while (hull.Count >= lower && Cross(hull[^2], hull[^1], sorted[k]) <= 0)
            {
                hull.RemoveAt(hull.Count - 1);
            }

            hull.Add(sorted[k]);
        }

        hull.RemoveAt(hull.Count - 1); // the first point, repeated
    }

    private static long Cross((int X, int Y) o, (int X, int Y) a, (int X, int Y) b) =>
        ((long)(a.X - o.X) * (b.Y - o.Y)) - ((long)(a.Y - o.Y) * (b.X - o.X));

    public static (int X, int Y, int Z) Coordinates(int index, Size3 size)
    {
        var slice = size.SliceVoxels;
        var z = index / slice;
        var r = index - z * slice;
        return (r % size.X, r / size.X, z);
    }
}
