using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Segmentation;

/// <summary>Multi-sensitivity segmentation: the argmax of paper 002 Eq. 2 over probabilities scaled by Eq. 3.</summary>
public static class MultiSensitivitySegmenter
{
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
        var best = new float[n];
        best.AsSpan().Fill(float.NegativeInfinity);
        for (var c = 0; c < probabilities.ChannelCount; c++)
        {
            var label = probabilities.ChannelLabels[c];
            var scale = SegmentationLabel.IsLesion(label) ? lesionScale : 1f;
            var plane = probabilities.Plane(c);
            for (var i = 0; i < n; i++)
            {
                var v = plane[i] * scale;
                if (v > best[i])
                {
                    best[i] = v;
                    labels[i] = label;
                }
            }
        }

        return new Volume<byte>(probabilities.Geometry, labels);
    }
}
