using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Segmentation;

/// <summary>Multi-sensitivity segmentation: the argmax of paper 002 Eq. 2 over probabilities scaled by Eq. 3.</summary>
public static class MultiSensitivitySegmenter
{
    /// <summary>Voxels per parallel block: 8 class planes x 64 K floats stay in L2 while a block is compared.</summary>
    private const int BlockVoxels = 1 << 16;

    /// <summary>
    /// Label map (SegmentationLabel ids) of <paramref name="probabilities"/> with every lesion channel (labels 2..7)
    /// multiplied by <paramref name="lesionScale"/> (paper 002 Eq. 3) before the voxel-wise argmax (Eq. 2).
    /// Ties go to the lower channel index, so background and liver win exact ties at scale 1, as numpy's argmax does.
    /// </summary>
    public static Volume<byte> Segment(ClassProbabilities probabilities, float lesionScale)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!(lesionScale > 0) || float.IsInfinity(lesionScale))
        {
            throw new ArgumentOutOfRangeException(nameof(lesionScale), lesionScale, "The lesion probability factor must be a positive finite number.");
        }

        var n = checked((int)probabilities.Geometry.Size.VoxelCount);
        var labels = new byte[n];
        // Voxels are independent: blocks of voxels run side by side, each block over the channels in order, so every
        // voxel sees the same comparisons in the same order as one pass would give.
        var blocks = (n + BlockVoxels - 1) / BlockVoxels;
        Parallel.For(0, blocks, () => new float[BlockVoxels], (b, _, best) =>
        {
            var start = b * BlockVoxels;
            var count = Math.Min(BlockVoxels, n - start);
            var top = best.AsSpan(0, count);
            var ids = labels.AsSpan(start, count);
            top.Fill(float.NegativeInfinity);
            for (var c = 0; c < probabilities.ChannelCount; c++)
            {
                var label = probabilities.ChannelLabels[c];
                var scale = SegmentationLabel.IsLesion(label) ? lesionScale : 1f;
                var plane = probabilities.Plane(c).Slice(start, count);
                for (var i = 0; i < plane.Length; i++)
                {
                    var v = plane[i] * scale;
                    if (v > top[i])
                    {
                        top[i] = v;
                        ids[i] = label;
                    }
                }
            }

            return best;
        }, _ => { });

        return new Volume<byte>(probabilities.Geometry, labels);
    }
}
