using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

public class Seg2DetTests
{
    [Fact]
    public void Empty_liver_gives_no_lesions()
    {
        var v = TestVolumes.Labels(10, 10, 4);
        TestVolumes.Fill(v, SegmentationLabel.Liver, 0, 9, 0, 9, 0, 3);
        Assert.Empty(Seg2Det.Detect(v));
    }

    [Fact]
    public void A_lesion_spanning_one_slice_is_measured_in_patient_coordinates()
    {
        // 3 x 2 pixels on slice 2 of a 2 x 2 x 5 mm grid whose voxel 0 sits at (-100, -50, 200) mm.
        var v = TestVolumes.Labels(10, 10, 4);
        TestVolumes.Fill(v, SegmentationLabel.Meta, 4, 6, 3, 4, 2, 2);
        var hu = new Volume<short>(v.Geometry);
        TestVolumes.Fill(v, SegmentationLabel.Meta, 4, 6, 3, 4, 2, 2);
        hu[4, 3, 2] = 30;
        hu[5, 3, 2] = 30;

        var lesion = Assert.Single(Seg2Det.Detect(v, new Dictionary<Phase, Volume<short>> { [Phase.NC] = hu }));

        Assert.Equal(LesionType.Meta, lesion.Type);
        Assert.Equal(1, lesion.Id);
        Assert.Equal(6, lesion.VoxelCount);
        Assert.Equal(6 * 20 / 1000.0, lesion.VolumeCc, 9);
        Assert.Equal(new VoxelBox(4, 3, 2, 6, 4, 2), lesion.Box);
        Assert.Equal(2, lesion.KeySlice);
        Assert.Equal(-100 + 5 * 2, lesion.CenterLps.X, 9);
        Assert.Equal(-50 + 3.5 * 2, lesion.CenterLps.Y, 9);
        Assert.Equal(200 + 2 * 5, lesion.CenterLps.Z, 9);
        // Corner to corner centres: sqrt(4^2 + 2^2) mm, plus one pixel (2 mm) edge to edge.
        Assert.Equal(Math.Sqrt(20) + 2, lesion.DiameterMm, 9);
        Assert.Equal(10.0, lesion.MeanHu[Phase.NC], 9);
    }

    [Fact]
    public void Components_overlapping_in_neighbouring_slices_form_one_lesion_and_the_key_slice_is_the_largest()
    {
        var v = TestVolumes.Labels(12, 12, 5);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 4, 5, 4, 5, 0, 0);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 3, 7, 3, 7, 1, 1);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 5, 6, 5, 6, 2, 2);
        var lesion = Assert.Single(Seg2Det.Detect(v));
        Assert.Equal(4 + 25 + 4, lesion.VoxelCount);
        Assert.Equal(1, lesion.KeySlice);
    }

    [Fact]
    public void Lesions_diagonal_across_slices_without_shared_pixels_stay_separate()
    {
        // 26-connected in 3D, but Eq. 5-6 link slices by shared (x, y) pixels only.
        var v = TestVolumes.Labels(10, 10, 3);
        TestVolumes.Fill(v, SegmentationLabel.Cyst, 2, 3, 2, 3, 0, 0);
        TestVolumes.Fill(v, SegmentationLabel.Cyst, 4, 5, 4, 5, 1, 1);
        Assert.Equal(2, Seg2Det.Detect(v).Count);
    }

    [Fact]
    public void Different_types_touching_are_different_lesions()
    {
        var v = TestVolumes.Labels(10, 10, 2);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 2, 4, 2, 4, 0, 1);
        TestVolumes.Fill(v, SegmentationLabel.Cyst, 5, 7, 2, 4, 0, 1);
        var lesions = Seg2Det.Detect(v);
        Assert.Equal([LesionType.HCC, LesionType.Cyst], lesions.Select(l => l.Type));
    }

    private static Volume<byte> TwoLesionsTouchingInSlice2()
    {
        // Lesion A at x 1..4, lesion B at x 7..10, slices 0..4; in slice 2 both widen and touch (x 1..10 is one run).
        var v = TestVolumes.Labels(12, 8, 5);
        TestVolumes.Fill(v, SegmentationLabel.Meta, 1, 4, 2, 5, 0, 4);
        TestVolumes.Fill(v, SegmentationLabel.Meta, 7, 10, 2, 5, 0, 4);
        TestVolumes.Fill(v, SegmentationLabel.Meta, 5, 6, 3, 4, 2, 2);
        return v;
    }

    [Fact]
    public void Two_lesions_touching_in_one_slice_but_separate_in_3D_stay_two_lesions()
    {
        var lesions = Seg2Det.Detect(TwoLesionsTouchingInSlice2());
        Assert.Equal(2, lesions.Count);
        // The 4-pixel bridge is shared out between them; together they keep every voxel.
        Assert.Equal(2 * 4 * 4 * 5 + 4, lesions.Sum(l => l.VoxelCount));
        Assert.All(lesions, l => Assert.InRange(l.VoxelCount, 80, 84));
        Assert.True(lesions[0].CenterLps.X < lesions[1].CenterLps.X);
    }

    [Fact]
    public void The_plain_paper_rule_merges_lesions_that_touch_in_one_slice()
    {
        var lesions = Seg2Det.Detect(TwoLesionsTouchingInSlice2(), options: new Seg2DetOptions { SplitSingleSliceBridges = false });
        Assert.Single(lesions);
    }

    [Fact]
    public void A_lobed_lesion_joined_below_its_top_is_one_lesion()
    {
        // Two lobes in slice 0, joined in slice 1, one body in slice 2: not a single-slice bridge, one lesion.
        var v = TestVolumes.Labels(12, 8, 3);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 1, 3, 2, 5, 0, 0);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 7, 9, 2, 5, 0, 0);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 1, 9, 2, 5, 1, 2);
        Assert.Single(Seg2Det.Detect(v));
    }

    [Fact]
    public void Ids_follow_raster_order_of_the_first_voxel()
    {
        var v = TestVolumes.Labels(10, 10, 4);
        TestVolumes.Fill(v, SegmentationLabel.Cyst, 6, 7, 6, 7, 1, 2);
        TestVolumes.Fill(v, SegmentationLabel.Hcc, 1, 2, 1, 2, 2, 3);
        TestVolumes.Fill(v, SegmentationLabel.Meta, 1, 2, 6, 7, 0, 0);
        var lesions = Seg2Det.Detect(v);
        Assert.Equal([1, 2, 3], lesions.Select(l => l.Id));
        Assert.Equal([LesionType.Meta, LesionType.Cyst, LesionType.HCC], lesions.Select(l => l.Type));
        Assert.Equal(lesions.Select(l => l.VoxelIndices), Seg2Det.Detect(v.Clone()).Select(l => l.VoxelIndices));
    }
}
