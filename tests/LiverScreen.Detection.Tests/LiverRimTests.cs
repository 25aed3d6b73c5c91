using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;

namespace LiverScreen.Detection.Tests;

public class LiverRimTests
{
    [Fact]
    public void A_lesion_inside_the_liver_has_no_rim_outside()
    {
        var labels = TestVolumes.Labels(20, 20, 3);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 2, 17, 2, 17, 0, 2);
        TestVolumes.Fill(labels, SegmentationLabel.Hcc, 8, 9, 8, 9, 1, 1);
        TestVolumes.Fill(labels, SegmentationLabel.Cyst, 10, 10, 8, 9, 1, 1); // another lesion in the rim is still liver

        Assert.Equal(0, LiverRim.OutsideFraction(Only(labels, LesionType.HCC), labels));
    }

    [Fact]
    public void A_lesion_at_the_liver_edge_counts_only_its_outer_side()
    {
        var labels = TestVolumes.Labels(20, 20, 3);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 2, 9, 2, 17, 0, 2);
        TestVolumes.Fill(labels, SegmentationLabel.Meta, 8, 9, 8, 9, 1, 1);

        // The 2 x 2 lesion's rim is the 4 x 4 square around it less itself: 12 voxels, 4 of them in column x = 10.
        Assert.Equal(4.0 / 12, LiverRim.OutsideFraction(Only(labels, LesionType.Meta), labels), 12);
    }

    [Fact]
    public void A_lesion_beside_the_liver_is_mostly_outside_and_organ_labels_count_as_outside()
    {
        var labels = TestVolumes.Labels(20, 20, 3);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 2, 9, 2, 17, 0, 2);
        TestVolumes.Fill(labels, SegmentationLabel.Spleen, 12, 15, 2, 17, 0, 2);
        TestVolumes.Fill(labels, SegmentationLabel.Hem, 10, 11, 8, 9, 1, 2);

        // Per slice: column x = 9 (4 voxels) is liver; x = 12 (4, spleen) and the 2 + 2 above and below are not.
        Assert.Equal(8.0 / 12, LiverRim.OutsideFraction(Only(labels, LesionType.Hem), labels), 12);
    }

    [Fact]
    public void Neighbours_off_the_grid_count_as_outside_once_each()
    {
        var labels = TestVolumes.Labels(10, 10, 1);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 9, 0, 9, 0, 0);
        TestVolumes.Fill(labels, SegmentationLabel.Hcc, 0, 0, 4, 5, 0, 0);

        // The 1 x 2 lesion on the x = 0 border: 10 rim positions, the 4 at x = -1 off the grid.
        Assert.Equal(4.0 / 10, LiverRim.OutsideFraction(Only(labels, LesionType.HCC), labels), 12);
    }

    private static DetectedLesion Only(Imaging.Volume<byte> labels, LesionType type) =>
        Assert.Single(Seg2Det.Detect(labels), l => l.Type == type);
}
