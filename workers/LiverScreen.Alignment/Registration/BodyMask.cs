using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Registration;

/// <summary>The region registration looks at: voxels above a soft-tissue threshold (HU; fat at about -100 HU is
/// inside, air and the table's foam are outside), largest 6-connected component (the body, not the table or
/// blankets), restricted to an optional ROI box. Breathing moves the abdomen, not the air around it.</summary>
public static class BodyMask
{
    public static byte[] Compute(Volume<float> image, float thresholdHu, (Vec3 Min, Vec3 Max)? roiLps = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        var s = image.Size;
        var above = new byte[image.Data.Length];
        for (var i = 0; i < above.Length; i++)
        {
            above[i] = image.Data[i] > thresholdHu ? (byte)1 : (byte)0;
        }

        if (roiLps is { } roi)
        {
            for (var z = 0; z < s.Z; z++)
            {
                for (var y = 0; y < s.Y; y++)
                {
                    for (var x = 0; x < s.X; x++)
                    {
                        var p = image.Geometry.IndexToLps(x, y, z);
                        if (p.X < roi.Min.X || p.Y < roi.Min.Y || p.Z < roi.Min.Z || p.X > roi.Max.X || p.Y > roi.Max.Y || p.Z > roi.Max.Z)
                        {
                            above[image.Index(x, y, z)] = 0;
                        }
                    }
                }
            }
        }

        return LargestComponent(above, s);
    }

    /// <summary>Keeps the largest 6-connected component of a binary mask (breadth-first labelling).</summary>
    public static byte[] LargestComponent(byte[] mask, Size3 s)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var label = new int[mask.Length];
        var queue = new int[mask.Length];
        int best = 0, bestSize = 0, next = 0;
        for (var start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || label[start] != 0)
            {
                continue;
            }

            next++;
            int head = 0, tail = 0;
            queue[tail++] = start;
            label[start] = next;
            while (head < tail)
            {
                var i = queue[head++];
                var x = i % s.X;
                var y = i / s.X % s.Y;
                var z = i / s.SliceVoxels;
                void Visit(int j)
                {
                    if (mask[j] != 0 && label[j] == 0)
                    {
                        label[j] = next;
                        queue[tail++] = j;
                    }
                }

                if (x > 0) Visit(i - 1);
                if (x < s.X - 1) Visit(i + 1);
                if (y > 0) Visit(i - s.X);
                if (y < s.Y - 1) Visit(i + s.X);
                if (z > 0) Visit(i - s.SliceVoxels);
                if (z < s.Z - 1) Visit(i + s.SliceVoxels);
            }

            if (tail > bestSize)
            {
                bestSize = tail;
                best = next;
            }
        }

        var result = new byte[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            result[i] = best != 0 && label[i] == best ? (byte)1 : (byte)0;
        }

        return result;
    }
}
