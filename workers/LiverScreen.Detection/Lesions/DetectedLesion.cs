using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Lesions;

/// <summary>
/// One 3D lesion separated by seg2det (paper 002 Eq. 4-6). <see cref="VoxelIndices"/> is its mask as sorted linear
/// indices into the grid it was found on (x-fastest, like <see cref="Volume{T}"/>): compact for lesions, exact for
/// overlap counting (Eq. 7, Eq. 11). <see cref="CenterLps"/> is the voxel centroid in DICOM patient coordinates (mm);
/// <see cref="KeySlice"/> is the axial slice where the lesion is largest (paper 000's key slice).
/// </summary>
public sealed record DetectedLesion(
    int Id,
    LesionType Type,
    int[] VoxelIndices,
    VoxelBox Box,
    Vec3 CenterLps,
    double VolumeCc,
    double DiameterMm,
    int KeySlice,
    IReadOnlyDictionary<Phase, double> MeanHu)
{
    public int VoxelCount => VoxelIndices.Length;

    public bool IsMalignant => Type is LesionType.HCC or LesionType.ICC or LesionType.Meta;

    /// <summary>Voxels shared with <paramref name="other"/> (both masks on the same grid): a merge of two sorted lists.</summary>
    public int OverlapWith(DetectedLesion other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SortedOverlap(VoxelIndices, other.VoxelIndices);
    }

    /// <summary>Count of values present in both sorted arrays.</summary>
    public static int SortedOverlap(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j])
            {
                i++;
            }
            else if (a[i] > b[j])
            {
                j++;
            }
            else
            {
                n++;
                i++;
                j++;
            }
        }

        return n;
    }
}
