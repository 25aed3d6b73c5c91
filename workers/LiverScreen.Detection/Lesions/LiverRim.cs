using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Lesions;

/// <summary>
/// Where a candidate lies relative to the segmented liver: the share of its in-plane rim that is not liver. A liver
/// lesion is surrounded by parenchyma (or, at the capsule, partly by the outside); a "lesion" whose rim is mostly
/// background is something next to the liver that the segmentation network labelled as lesion: stomach, bowel,
/// spleen or heart touching the liver, which the largest-component step (<see cref="Segmentation.LiverComponent"/>)
/// keeps because it touches. An extension of paper 002, not in it: the paper's reclassifier sees liver-masked patches,
/// where such a candidate is an island in the masked-out background, a case its training never shows (our models
/// README, "hard negatives"). Measured on the 60 held-out phantom validation studies with liver-seg 0.3.0
/// (synthetic phantoms, 24 Nov 2026): of candidates of at least 0.5 cm3 at the high-sensitivity point, a rim more than
/// half outside marks 77 of 249 false positives and 1 of 81 true lesions; at the base point 33 of 86 and 4 of 79 (no
/// malignant one).
/// </summary>
public static class LiverRim
{
    /// <summary>
    /// Fraction (0..1) of the voxels that 8-neighbour the lesion within its own axial slices, but are not part of it,
    /// that are neither liver nor lesion in <paramref name="labels"/> (background or an organ label). Neighbours off the
    /// grid count as outside: the grid ends where the segmentation saw no liver. 0 for a lesion with no rim.
    /// </summary>
    public static double OutsideFraction(DetectedLesion lesion, Volume<byte> labels)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        ArgumentNullException.ThrowIfNull(labels);
        var (nx, ny) = (labels.Size.X, labels.Size.Y);
        var plane = nx * ny;
        var own = lesion.VoxelIndices;
        var rim = new HashSet<long>();
        var outside = 0;
        foreach (var v in own)
        {
            var z = v / plane;
            var y = v % plane / nx;
            var x = v % nx;
            for (var dy = -1; dy <= 1; dy++)
            {
                for (var dx = -1; dx <= 1; dx++)
                {
                    if (dx == 0 && dy == 0)
                    {
                        continue;
                    }

                    var (px, py) = (x + dx, y + dy);
                    var onGrid = px >= 0 && px < nx && py >= 0 && py < ny;
                    var index = (z * plane) + (py * nx) + px;
                    if (onGrid && Array.BinarySearch(own, index) >= 0)
                    {
                        continue;
                    }

                    // Keys on the grid grown by one voxel in-plane, so off-grid neighbours count once each too.
                    var key = (((long)z * (ny + 2)) + py + 1) * (nx + 2) + px + 1;
                    if (rim.Add(key) && (!onGrid || !SegmentationLabel.IsLiverOrLesion(labels.Data[index])))
                    {
                        outside++;
                    }
                }
            }
        }

        return rim.Count == 0 ? 0 : (double)outside / rim.Count;
    }
}
