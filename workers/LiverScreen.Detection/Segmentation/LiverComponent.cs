using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Segmentation;

/// <summary>
/// The liver is one organ: after the argmax (Eq. 2-3) only the largest 3D connected component of liver-or-lesion voxels
/// (labels 1..7, 6-connected) is kept and every other liver or lesion voxel becomes background. This is the usual
/// post-processing of organ segmentation (nnU-Net's "keep the largest component"); paper 002 does not state it, but its
/// cascade crops the liver before looking for lesions, which has the same effect. Without it, a model that calls a
/// patch of heart or bowel "liver" at the scan's ends makes the coverage check report a cut-off liver, and lesion
/// candidates outside the liver reach the reclassifier. Other labels (organs) are left as they are.
/// </summary>
public static class LiverComponent
{
    /// <summary>A copy of <paramref name="labels"/> with liver and lesion voxels outside the largest liver component set
    /// to background; the same volume when there is at most one component.</summary>
    public static Volume<byte> KeepLargest(Volume<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var (nx, ny, nz) = (labels.Size.X, labels.Size.Y, labels.Size.Z);
        var data = labels.Data;
        var component = new int[data.Length];
        var stack = new Stack<int>();
        var sizes = new List<int> { 0 };
        for (var start = 0; start < data.Length; start++)
        {
            if (component[start] != 0 || !SegmentationLabel.IsLiverOrLesion(data[start]))
            {
                continue;
            }

            // Depth-first flood fill of one component; ids start at 1 (0 = not liver or not yet visited).
            var id = sizes.Count;
            var count = 0;
            component[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                count++;
                var x = i % nx;
                var y = i / nx % ny;
                var z = i / (nx * ny);
                Visit(x > 0, i - 1);
                Visit(x < nx - 1, i + 1);
                Visit(y > 0, i - nx);
                Visit(y < ny - 1, i + nx);
                Visit(z > 0, i - (nx * ny));
                Visit(z < nz - 1, i + (nx * ny));
            }

            sizes.Add(count);

            void Visit(bool inside, int j)
            {
                if (inside && component[j] == 0 && SegmentationLabel.IsLiverOrLesion(data[j]))
                {
                    component[j] = id;
                    stack.Push(j);
                }
            }
        }

        if (sizes.Count <= 2)
        {
            return labels;
        }

        var largest = 1;
        for (var c = 2; c < sizes.Count; c++)
        {
            if (sizes[c] > sizes[largest])
            {
                largest = c;
            }
        }

        var kept = (byte[])data.Clone();
        for (var i = 0; i < kept.Length; i++)
        {
            if (component[i] != 0 && component[i] != largest)
            {
                kept[i] = SegmentationLabel.Background;
            }
        }

        return new Volume<byte>(labels.Geometry, kept);
    }
}
