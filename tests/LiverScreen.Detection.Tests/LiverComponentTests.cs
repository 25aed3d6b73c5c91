using LiverScreen.Contracts;
using LiverScreen.Detection.Segmentation;

namespace LiverScreen.Detection.Tests;

public class LiverComponentTests
{
    [Fact]
    public void Only_the_largest_liver_component_keeps_its_liver_and_lesion_voxels_and_organs_stay()
    {
        var labels = TestVolumes.Labels(20, 20, 6);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 9, 0, 9, 0, 3);      // 400 voxels
        TestVolumes.Fill(labels, SegmentationLabel.Hcc, 8, 9, 8, 9, 1, 2);        // inside it, on its edge
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 14, 17, 14, 17, 4, 5);  // 32 voxels, apart
        TestVolumes.Fill(labels, SegmentationLabel.Cyst, 15, 16, 15, 16, 5, 5);   // inside the small one
        TestVolumes.Fill(labels, SegmentationLabel.Spleen, 14, 19, 0, 5, 0, 2);   // an organ, apart

        var kept = LiverComponent.KeepLargest(labels);

        Assert.Equal(SegmentationLabel.Liver, kept[0, 0, 0]);
        Assert.Equal(SegmentationLabel.Hcc, kept[9, 9, 2]);
        Assert.Equal(SegmentationLabel.Background, kept[14, 14, 4]);
        Assert.Equal(SegmentationLabel.Background, kept[15, 15, 5]);
        Assert.Equal(SegmentationLabel.Spleen, kept[14, 0, 0]);
        Assert.Equal(labels.Data.Count(l => l == SegmentationLabel.Liver) - 28, kept.Data.Count(l => l == SegmentationLabel.Liver));
        Assert.Equal(0, kept.Data.Count(l => l == SegmentationLabel.Cyst));
        Assert.Same(labels.Geometry, kept.Geometry);
        Assert.Equal(SegmentationLabel.Liver, labels[14, 14, 4]); // the input is not modified
    }

    [Fact]
    public void A_lesion_joins_the_liver_through_a_face_but_not_through_an_edge_or_corner()
    {
        var labels = TestVolumes.Labels(12, 12, 3);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 5, 0, 5, 0, 2);
        TestVolumes.Fill(labels, SegmentationLabel.Meta, 6, 7, 2, 3, 1, 1);      // shares a face with the liver (x 5 -> 6)
        TestVolumes.Fill(labels, SegmentationLabel.Hem, 6, 7, 6, 7, 1, 1);       // touches the liver's corner (5, 5) only diagonally

        var kept = LiverComponent.KeepLargest(labels);

        Assert.Equal(SegmentationLabel.Meta, kept[6, 2, 1]);
        Assert.Equal(SegmentationLabel.Background, kept[6, 6, 1]);
    }

    [Fact]
    public void One_component_or_none_returns_the_labels_unchanged()
    {
        var one = TestVolumes.Labels(8, 8, 2);
        TestVolumes.Fill(one, SegmentationLabel.Liver, 1, 4, 1, 4, 0, 1);
        TestVolumes.Fill(one, SegmentationLabel.Cyst, 2, 3, 2, 3, 1, 1);
        var none = TestVolumes.Labels(8, 8, 2);

        Assert.Same(one, LiverComponent.KeepLargest(one));
        Assert.Same(none, LiverComponent.KeepLargest(none));
    }
}
