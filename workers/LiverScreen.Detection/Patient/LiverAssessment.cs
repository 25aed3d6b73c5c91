using LiverScreen.Detection.Segmentation;
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
        var perSlice = LiverSlices.Areas(labels);
        var total = perSlice.Sum(n => (long)n);
        var firstIsSuperior = LiverSlices.FirstSliceIsSuperior(labels.Geometry);
        return new LiverAssessment(
            total * labels.Geometry.VoxelVolumeMm3 / 1000.0,
            perSlice.Length == 0 ? 0 : perSlice.Max(),
            perSlice.Length == 0 ? 0 : perSlice[0],
            perSlice.Length == 0 ? 0 : perSlice[^1],
            perSlice.Length,
            firstIsSuperior);
    }
}
