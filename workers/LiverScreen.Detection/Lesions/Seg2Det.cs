using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Lesions;

/// <summary>
/// seg2det of paper 002 (Eq. 4-6): separates individual 3D lesions from a label map in which all lesions of one type share
/// a label. Eq. 4: 2D connected components (8-connected, same label) in every axial slice. Eq. 5-6: a component in slice z
/// and one in slice z+1 with the same label that share at least one (x, y) pixel belong to the same 3D lesion; the links
/// are closed transitively with union-find. Lesions are numbered 1..N in raster order of their first voxel (z, y, x),
/// so ids are stable for a given label map.
/// </summary>
public static class Seg2Det
{
    private static readonly (int Dx, int Dy)[] Neighbours8 =
        [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)];

    /// <summary>Lesions of <paramref name="labels"/> (SegmentationLabel ids; only lesion labels 2..7 are separated).
    /// <paramref name="phaseHu"/> (optional, on the same grid) gives each lesion's mean HU per phase.</summary>
    public static IReadOnlyList<DetectedLesion> Detect(
        Volume<byte> labels,
        IReadOnlyDictionary<Phase, Volume<short>>? phaseHu = null,
        Seg2DetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        options ??= Seg2DetOptions.Default;
        if (phaseHu is not null)
        {
            foreach (var (phase, v) in phaseHu)
            {
                if (v.Size != labels.Size)
                {
                    throw new ArgumentException($"Phase {phase} volume is {v.Size} but the label map is {labels.Size}.", nameof(phaseHu));
                }
            }
        }

        var size = labels.Size;
        var data = labels.Data;
        var sliceN = size.SliceVoxels;
        var comp = new int[data.Length];
        comp.AsSpan().Fill(-1);
        var comps = new List<Component>();

        // Eq. 4: 2D components per axial slice.
        var stack = new Stack<int>();
        for (var z = 0; z < size.Z; z++)
        {
            var off = z * sliceN;
            for (var p = 0; p < sliceN; p++)
            {
                var label = data[off + p];
                if (!SegmentationLabel.IsLesion(label) || comp[off + p] >= 0)
                {
                    continue;
                }

                var id = comps.Count;
                var pixels = new List<int>();
                comp[off + p] = id;
                stack.Push(p);
                while (stack.Count > 0)
                {
                    var q = stack.Pop();
                    pixels.Add(q);
                    int qx = q % size.X, qy = q / size.X;
                    foreach (var (dx, dy) in Neighbours8)
                    {
                        int nx = qx + dx, ny = qy + dy;
                        if ((uint)nx >= (uint)size.X || (uint)ny >= (uint)size.Y)
                        {
                            continue;
                        }

                        var r = ny * size.X + nx;
                        if (data[off + r] == label && comp[off + r] < 0)
                        {
                            comp[off + r] = id;
                            stack.Push(r);
                        }
                    }
                }

                comps.Add(new Component(z, label, pixels));
            }
        }

        var forced = options.SplitSingleSliceBridges ? SplitBridges(comps, comp, size) : [];

        // Eq. 5-6: link components that overlap in neighbouring slices (same label), transitively.
        var uf = new UnionFind(comps.Count);
        for (var z = 0; z + 1 < size.Z; z++)
        {
            int off = z * sliceN, up = off + sliceN;
            for (var p = 0; p < sliceN; p++)
            {
                int a = comp[off + p], b = comp[up + p];
                if (a >= 0 && b >= 0 && data[off + p] == data[up + p] && !comps[a].IsPiece && !comps[b].IsPiece)
                {
                    uf.Union(a, b);
                }
            }
        }

        foreach (var (a, b) in forced)
        {
            uf.Union(a, b);
        }

        // Gather each 3D lesion's voxels.
        var groups = new Dictionary<int, List<int>>();
        for (var c = 0; c < comps.Count; c++)
        {
            var root = uf.Find(c);
            if (!groups.TryGetValue(root, out var list))
            {
                groups[root] = list = [];
            }

            var off = comps[c].Z * sliceN;
            foreach (var p in comps[c].Pixels)
            {
                list.Add(off + p);
            }
        }

        var lesions = new List<(int[] Voxels, byte Label)>();
        foreach (var (root, list) in groups)
        {
            if (list.Count < options.MinVoxels)
            {
                continue;
            }

            var arr = list.ToArray();
            Array.Sort(arr);
            lesions.Add((arr, comps[root].Label));
        }

        lesions.Sort((a, b) => a.Voxels[0].CompareTo(b.Voxels[0]));
        var result = new List<DetectedLesion>(lesions.Count);
        for (var i = 0; i < lesions.Count; i++)
        {
            result.Add(LesionMeasures.Describe(i + 1, (LesionType)lesions[i].Label, lesions[i].Voxels, labels.Geometry, phaseHu));
        }

        return result;
    }

    /// <summary>
    /// Divides every component that bridges two or more separate same-label components both below and above it. Each
    /// piece grows from the pixels lying over one component below (multi-source BFS inside the bridge), is linked to that
    /// component and to the component above it overlaps most. Returns those forced links.
    /// </summary>
    private static List<(int, int)> SplitBridges(List<Component> comps, int[] comp, Size3 size)
    {
        var links = new List<(int, int)>();
        var sliceN = size.SliceVoxels;
        var original = comps.Count;
        for (var c = 0; c < original; c++)
        {
            var j = comps[c];
            if (j.Z == 0 || j.Z == size.Z - 1)
            {
                continue;
            }

            var below = Partners(j, comp, comps, (j.Z - 1) * sliceN);
            var above = Partners(j, comp, comps, (j.Z + 1) * sliceN);
            if (below.Count < 2 || above.Count < 2)
            {
                continue;
            }

            // Multi-source BFS: each pixel takes the below-partner whose seeds reach it first (4-connected steps).
            var owner = new Dictionary<int, int>(j.Pixels.Count);
            var queue = new Queue<int>();
            var belowOff = (j.Z - 1) * sliceN;
            foreach (var p in j.Pixels)
            {
                var b = comp[belowOff + p];
                if (b >= 0 && below.Contains(b))
                {
                    owner[p] = b;
                    queue.Enqueue(p);
                }
            }

            var members = new HashSet<int>(j.Pixels);
            while (queue.Count > 0)
            {
                var q = queue.Dequeue();
                int qx = q % size.X, qy = q / size.X;
                foreach (var (dx, dy) in Neighbours8)
                {
                    int nx = qx + dx, ny = qy + dy;
                    var r = ny * size.X + nx;
                    if ((uint)nx < (uint)size.X && (uint)ny < (uint)size.Y && members.Contains(r) && !owner.ContainsKey(r))
                    {
                        owner[r] = owner[q];
                        queue.Enqueue(r);
                    }
                }
            }

            var off = j.Z * sliceN;
            var aboveOff = (j.Z + 1) * sliceN;
            var first = true;
            foreach (var b in below)
            {
                var pixels = j.Pixels.Where(p => owner.TryGetValue(p, out var o) && o == b).ToList();
                if (pixels.Count == 0)
                {
                    continue;
                }

                int id;
                if (first)
                {
                    // The first piece keeps the bridge's own id.
                    id = c;
                    comps[c] = new Component(j.Z, j.Label, pixels) { IsPiece = true };
                    first = false;
                }
                else
                {
                    id = comps.Count;
                    comps.Add(new Component(j.Z, j.Label, pixels) { IsPiece = true });
                }

                var votes = new Dictionary<int, int>();
                foreach (var p in pixels)
                {
                    comp[off + p] = id;
                    var a = comp[aboveOff + p];
                    if (a >= 0 && above.Contains(a))
                    {
                        votes[a] = votes.GetValueOrDefault(a) + 1;
                    }
                }

                links.Add((id, b));
                if (votes.Count > 0)
                {
                    var best = votes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
                    links.Add((id, best));
                }
            }
        }

        return links;
    }

    private static HashSet<int> Partners(Component j, int[] comp, List<Component> comps, int neighbourOffset)
    {
        var set = new HashSet<int>();
        foreach (var p in j.Pixels)
        {
            var n = comp[neighbourOffset + p];
            if (n >= 0 && comps[n].Label == j.Label)
            {
                set.Add(n);
            }
        }

        return set;
    }

    private sealed record Component(int Z, byte Label, List<int> Pixels)
    {
        /// <summary>A piece of a split bridge: linked only through the forced links, not by pixel overlap.</summary>
        public bool IsPiece { get; init; }
    }
}
