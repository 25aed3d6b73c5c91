using System.Buffers;
using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Reclassification;

/// <summary>
/// Liver-masked patch extraction and augmentation for reclassification (paper 002 section III-B, Eq. 9, Fig. 5). Pure:
/// randomness comes in as a <see cref="Random"/>. The liver region is every voxel labelled liver or lesion (labels 1..7)
/// in the operating point's segmentation; everything else is set to -1 (the normalised floor of the window), as the model
/// card prescribes.
/// </summary>
public static class PatchExtractor
{
    private static readonly Phase[] PhaseOrder = [Phase.NC, Phase.AP, Phase.VP, Phase.DP];

    /// <summary>Channels of a patch: four phases then four presence flags.</summary>
    public const int Channels = 8;

    /// <summary>The augmented views of one candidate: the centred original first, then seeded shifts and flips, and (when
    /// room is found) one shuffled positive.</summary>
    /// <param name="liverVoxels">Linear indices of the liver (label 1) voxels, from <see cref="LiverVoxels"/>; computed
    /// once per study by the caller so planning stays proportional to the lesion, not the volume.</param>
    public static IReadOnlyList<PatchPlan> Plan(DetectedLesion lesion, Volume<byte> labels, ReclassificationOptions options, Random random, IReadOnlyList<int>? liverVoxels = null)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var plans = new List<PatchPlan> { PatchPlan.Original };
        if (options.PatchesPerLesion > 2 && options.ShuffledPositive && FindTransplantSite(lesion, labels, liverVoxels ?? LiverVoxels(labels), random) is { } site)
        {
            plans.Add(new PatchPlan(0, 0, 0, false, false, site));
        }

        while (plans.Count < options.PatchesPerLesion)
        {
            plans.Add(new PatchPlan(
                random.Next(-options.MaxShift.X, options.MaxShift.X + 1),
                random.Next(-options.MaxShift.Y, options.MaxShift.Y + 1),
                random.Next(-options.MaxShift.Z, options.MaxShift.Z + 1),
                random.Next(2) == 1,
                random.Next(2) == 1,
                null));
        }

        return plans;
    }

    /// <summary>
    /// Writes one patch (<see cref="Channels"/> x Z x Y x X) into <paramref name="patch"/> and the candidate's mask in
    /// patch space into <paramref name="candidateMask"/>. Voxels outside the volume count as outside the liver.
    /// </summary>
    public static void Extract(
        DetectedLesion lesion,
        PatchPlan plan,
        Volume<byte> labels,
        IReadOnlyDictionary<Phase, Volume<short>> phases,
        ReclassificationOptions options,
        Span<float> patch,
        Span<bool> candidateMask)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(options);
        var ps = options.PatchSize;
        var pv = checked((int)ps.VoxelCount);
        if (patch.Length != Channels * pv || candidateMask.Length != pv)
        {
            throw new ArgumentException($"Patch buffers must hold {Channels} x {pv} values and {pv} mask voxels.", nameof(patch));
        }

        var size = labels.Size;
        var centre = CentreVoxel(lesion, size);
        var anchor = plan.TransplantTo ?? centre;
        int ox = anchor.X - ps.X / 2 + plan.ShiftX, oy = anchor.Y - ps.Y / 2 + plan.ShiftY, oz = anchor.Z - ps.Z / 2 + plan.ShiftZ;
        var lo = options.WindowMinHu;
        var scale = 2.0 / (options.WindowMaxHu - options.WindowMinHu);
        candidateMask.Clear();

        // The patch voxel -> source voxel map (-1: outside the volume or not liver) is the same for all four phases, so
        // it is built once per patch, a source row at a time; each phase is then a plain gather through it.
        var source = ArrayPool<int>.Shared.Rent(pv);
        try
        {
            var map = source.AsSpan(0, pv);
            LiverSources(labels, plan, ps, ox, oy, oz, map);
            // Normalise as a table over the window (a few hundred HU): below it the value is exactly -1, above exactly 1.
            var windowFirst = (int)Math.Clamp(Math.Floor(options.WindowMinHu), short.MinValue, short.MaxValue);
            var window = new float[(int)Math.Clamp(Math.Ceiling(options.WindowMaxHu) + 2, windowFirst + 1, short.MaxValue + 1) - windowFirst];
            for (var t = 0; t < window.Length; t++)
            {
                window[t] = Normalise((short)(windowFirst + t), lo, scale);
            }

            for (var c = 0; c < PhaseOrder.Length; c++)
            {
                var present = phases.TryGetValue(PhaseOrder[c], out var vol);
                patch.Slice((c + 4) * pv, pv).Fill(present ? 1f : 0f);
                var plane = patch.Slice(c * pv, pv);
                if (!present)
                {
                    plane.Clear();
                    continue;
                }

                var hu = vol!.Data;
                for (var i = 0; i < map.Length; i++)
                {
                    var v = map[i];
                    if (v < 0)
                    {
                        plane[i] = -1f;
                        continue;
                    }

                    var t = hu[v] - windowFirst;
                    plane[i] = (uint)t < (uint)window.Length ? window[t] : t < 0 ? -1f : 1f;
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(source);
        }

        // The candidate: in place, or transplanted (paper 002 Eq. 9: lesion voxels copied into lesion-free liver).
        int dx = anchor.X - centre.X, dy = anchor.Y - centre.Y, dz = anchor.Z - centre.Z;
        foreach (var v in lesion.VoxelIndices)
        {
            var (x, y, z) = LesionMeasures.Coordinates(v, size);
            var (px, py, pz) = PatchIndex(x + dx, y + dy, z + dz, ox, oy, oz, plan, ps);
            if ((uint)px >= (uint)ps.X || (uint)py >= (uint)ps.Y || (uint)pz >= (uint)ps.Z)
            {
                continue;
            }

            var pi = (pz * ps.Y + py) * ps.X + px;
            candidateMask[pi] = true;
            if (plan.TransplantTo is not null)
            {
                for (var c = 0; c < PhaseOrder.Length; c++)
                {
                    if (phases.TryGetValue(PhaseOrder[c], out var vol))
                    {
                        patch[c * pv + pi] = Normalise(vol.Data[v], lo, scale);
                    }
                }
            }
        }
    }

    /// <summary>For each patch voxel (z, y, x order), the linear index of its source voxel in <paramref name="labels"/>
    /// when that voxel is inside the volume and labelled liver or lesion (1..7), else -1. The inverse of
    /// <see cref="PatchIndex"/>: a shift by the patch origin, flips within the patch.</summary>
    private static void LiverSources(Volume<byte> labels, PatchPlan plan, Size3 ps, int ox, int oy, int oz, Span<int> map)
    {
        var size = labels.Size;
        var data = labels.Data;
        for (var z = 0; z < ps.Z; z++)
        {
            var vz = oz + z;
            for (var y = 0; y < ps.Y; y++)
            {
                var vy = oy + (plan.FlipY ? ps.Y - 1 - y : y);
                var row = map.Slice((z * ps.Y + y) * ps.X, ps.X);
                if ((uint)vz >= (uint)size.Z || (uint)vy >= (uint)size.Y)
                {
                    row.Fill(-1);
                    continue;
                }

                var rowStart = labels.Index(0, vy, vz);
                for (var x = 0; x < row.Length; x++)
                {
                    var vx = ox + (plan.FlipX ? ps.X - 1 - x : x);
                    if ((uint)vx >= (uint)size.X)
                    {
                        row[x] = -1;
                        continue;
                    }

                    var l = data[rowStart + vx];
                    row[x] = SegmentationLabel.IsLiverOrLesion(l) ? rowStart + vx : -1;
                }
            }
        }
    }

    /// <summary>Rounded centroid voxel of a lesion (from its box-free voxel list, so it lies on the grid).</summary>
    public static (int X, int Y, int Z) CentreVoxel(DetectedLesion lesion, Size3 size)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        double sx = 0, sy = 0, sz = 0;
        foreach (var v in lesion.VoxelIndices)
        {
            var (x, y, z) = LesionMeasures.Coordinates(v, size);
            sx += x; sy += y; sz += z;
        }

        var n = lesion.VoxelIndices.Length;
        return ((int)Math.Round(sx / n), (int)Math.Round(sy / n), (int)Math.Round(sz / n));
    }

    /// <summary>A liver voxel where the whole lesion, moved there, lands on liver (label 1) only; null after 64 tries.</summary>
    private static (int X, int Y, int Z)? FindTransplantSite(DetectedLesion lesion, Volume<byte> labels, IReadOnlyList<int> liver, Random random)
    {
        var size = labels.Size;
        var centre = CentreVoxel(lesion, size);

        for (var attempt = 0; attempt < 64 && liver.Count > 0; attempt++)
        {
            var (tx, ty, tz) = LesionMeasures.Coordinates(liver[random.Next(liver.Count)], size);
            var ok = true;
            foreach (var v in lesion.VoxelIndices)
            {
                var (x, y, z) = LesionMeasures.Coordinates(v, size);
                int nx = x - centre.X + tx, ny = y - centre.Y + ty, nz = z - centre.Z + tz;
                if (!labels.Contains(nx, ny, nz) || labels[nx, ny, nz] != SegmentationLabel.Liver)
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                return (tx, ty, tz);
            }
        }

        return null;
    }

    /// <summary>Linear indices of every voxel labelled liver (1), lesion-free liver where a lesion can be transplanted.</summary>
    public static IReadOnlyList<int> LiverVoxels(Volume<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var liver = new List<int>();
        var data = labels.Data;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == SegmentationLabel.Liver)
            {
                liver.Add(i);
            }
        }

        return liver;
    }

    private static float Normalise(short hu, double lo, double scale) =>
        (float)Math.Clamp((hu - lo) * scale - 1.0, -1.0, 1.0);

    private static (int X, int Y, int Z) PatchIndex(int vx, int vy, int vz, int ox, int oy, int oz, PatchPlan plan, Size3 ps)
    {
        int px = vx - ox, py = vy - oy;
        return (plan.FlipX ? ps.X - 1 - px : px, plan.FlipY ? ps.Y - 1 - py : py, vz - oz);
    }
}
