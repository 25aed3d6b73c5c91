using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Patient;

/// <summary>
/// How much liver the segmentation found and whether the scan covers it: the liver (labels 1..7) volume, its largest
/// axial cross-section, and the cross-section on the first and last slice. A liver cut by the scan's z ends shows a large
/// cross-section there (a complete liver tapers to a small tip).
/// </summary>
public sealed record LiverAssessment(double VolumeCc, int MaxSliceVoxels, int FirstSliceVoxels, int LastSliceVoxels, int SliceCount, bool FirstSliceIsSuperior)
{
    public double FirstSliceFraction => MaxSliceVoxels == 0 ? 0 : (double)FirstSliceVoxels / MaxSliceVoxels;

    public double LastSliceFraction => MaxSliceVoxels == 0 ? 0 : (double)LastSliceVoxels / MaxSliceVoxels;

    public static LiverAssessment Assess(Volume<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var size = labels.Size;
        var perSlice = new int[size.Z];
        long total = 0;
        for (var z = 0; z < size.Z; z++)
        {
            var n = 0;
            foreach (var l in labels.Slice(z))
            {
                if (SegmentationLabel.IsLiverOrLesion(l))
                {
                    n++;
                }
            }

            perSlice[z] = n;
            total += n;
        }

        // LPS: +z is superior. The k axis's z component says whether slice 0 is the top or the bottom of the scan.
        var firstIsSuperior = labels.Geometry.Direction.Column(2).Z < 0;
        return new LiverAssessment(
            total * labels.Geometry.VoxelVolumeMm3 / 1000.0,
            size.Z == 0 ? 0 : perSlice.Max(),
            size.Z == 0 ? 0 : perSlice[0],
            size.Z == 0 ? 0 : perSlice[^1],
            size.Z,
            firstIsSuperior);
    }
}
