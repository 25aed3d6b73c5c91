using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Segmentation;

/// <summary>The liver's axial cross-sections: liver-or-lesion voxels (labels 1..7) per slice, and which end of the
/// slice stack is superior. Read by the coverage check (<see cref="Patient.LiverAssessment"/>) and the dome trim
/// (<see cref="LiverDome"/>).</summary>
public static class LiverSlices
{
    /// <summary>Liver-or-lesion voxels per axial slice, in slice order (slice 0 first).</summary>
    public static int[] Areas(Volume<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var areas = new int[labels.Size.Z];
        for (var z = 0; z < areas.Length; z++)
        {
            var n = 0;
            foreach (var l in labels.Slice(z))
            {
                if (SegmentationLabel.IsLiverOrLesion(l))
                {
                    n++;
                }
            }

            areas[z] = n;
        }

        return areas;
    }

    /// <summary>Whether slice 0 is the top of the scan. LPS: +z is superior, so the k axis's z component decides.</summary>
    public static bool FirstSliceIsSuperior(VolumeGeometry geometry) => geometry.Direction.Column(2).Z < 0;
}
