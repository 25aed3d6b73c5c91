using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Typing;

/// <summary>
/// The enhancement pattern of one candidate as numbers (docs/imaging-facts.md, "Lesion enhancement patterns": each type is
/// told by its attenuation relative to the liver in the same phase, and by rim against core). Per phase, in the order
/// NC, AP, VP, DP: (lesion mean - liver mean) / 100 HU, (core mean - lesion mean) / 50 HU and a presence flag (all three 0
/// when the phase is missing); then the NC lesion mean / 100 HU (a cyst is water) and ln(volume cm3) / 5.
/// The core is the mask eroded by one voxel in-plane (4-neighbourhood; thick slices make a through-plane erosion
/// empty for most lesions); a mask with no core uses its own mean. The liver mean is over the voxels labelled liver
/// (lesions excluded) at the same operating point. models/training/train_typing.py computes the same features on the
/// training export: change both together.
/// </summary>
public static class EnhancementFeatures
{
    public const int PerPhase = 3;

    public const int Count = 4 * PerPhase + 2;

    public static readonly Phase[] Phases = [Phase.NC, Phase.AP, Phase.VP, Phase.DP];

    /// <summary>Mean HU of the liver-labelled voxels in each phase; phases with no liver voxel are left out.</summary>
    public static IReadOnlyDictionary<Phase, double> LiverMeanHu(Volume<byte> labels, IReadOnlyDictionary<Phase, Volume<short>> phases)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(phases);
        var sums = new Dictionary<Phase, double>();
        long n = 0;
        var lab = labels.Data;
        for (var v = 0; v < lab.Length; v++)
        {
            if (lab[v] != SegmentationLabel.Liver)
            {
                continue;
            }

            n++;
            foreach (var (phase, vol) in phases)
            {
                sums[phase] = sums.GetValueOrDefault(phase) + vol.Data[v];
            }
        }

        return n == 0 ? new Dictionary<Phase, double>() : sums.ToDictionary(kv => kv.Key, kv => kv.Value / n);
    }

    /// <summary>The <see cref="Count"/> features of <paramref name="lesion"/> (its mask on the grid of the phases).</summary>
    public static float[] Compute(DetectedLesion lesion, IReadOnlyDictionary<Phase, Volume<short>> phases, IReadOnlyDictionary<Phase, double> liverMeanHu)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(liverMeanHu);
        var features = new float[Count];
        var voxels = lesion.VoxelIndices;
        if (voxels.Length == 0 || !phases.TryGetValue(Phase.NC, out var nc))
        {
            return features;
        }

        var core = Core(voxels, nc.Size);
        for (var i = 0; i < Phases.Length; i++)
        {
            if (!phases.TryGetValue(Phases[i], out var vol) || !liverMeanHu.TryGetValue(Phases[i], out var liver))
            {
                continue;
            }

            // seg2det measured it already when it was given these phases (LesionMeasures.Describe: the same sum).
            var mean = lesion.MeanHu.TryGetValue(Phases[i], out var measured) ? measured : Mean(vol.Data, voxels);
            var coreMean = core.Length == 0 ? mean : Mean(vol.Data, core);
            features[i * PerPhase] = (float)((mean - liver) / 100.0);
            features[i * PerPhase + 1] = (float)((coreMean - mean) / 50.0);
            features[i * PerPhase + 2] = 1f;
        }

        features[4 * PerPhase] = (float)((lesion.MeanHu.TryGetValue(Phase.NC, out var ncMean) ? ncMean : Mean(nc.Data, voxels)) / 100.0);
        features[4 * PerPhase + 1] = (float)(Math.Log(Math.Max(lesion.VolumeCc, 1e-3)) / 5.0);
        return features;
    }

    /// <summary>Mask voxels whose four in-plane neighbours are all in the mask (a neighbour off the grid is not).</summary>
    public static int[] Core(int[] sortedVoxels, Size3 size)
    {
        var core = new List<int>();
        foreach (var v in sortedVoxels)
        {
            var x = v % size.X;
            var y = v / size.X % size.Y;
            if (x == 0 || y == 0 || x == size.X - 1 || y == size.Y - 1)
            {
                continue;
            }

            if (Has(sortedVoxels, v - 1) && Has(sortedVoxels, v + 1) && Has(sortedVoxels, v - size.X) && Has(sortedVoxels, v + size.X))
            {
                core.Add(v);
            }
        }

        return [.. core];
    }

    private static bool Has(int[] sorted, int v) => Array.BinarySearch(sorted, v) >= 0;

    private static double Mean(short[] data, int[] voxels)
    {
        double sum = 0;
        foreach (var v in voxels)
        {
            sum += data[v];
        }

        return sum / voxels.Length;
    }
}
