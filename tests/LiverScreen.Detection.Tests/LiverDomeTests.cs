using LiverScreen.Contracts;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

public class LiverDomeTests
{
    [Theory]
    // heart-like plateau at the top, a waist, then the liver widening to its largest slice: trim above the waist
    [InlineData(new[] { 40, 40, 35, 20, 50, 80, 100, 60, 10 }, 3)]
    // the narrowest slice nearest the peak wins a tie; the fall must reach the ratio (30 <= 0.75 * 40)
    [InlineData(new[] { 40, 30, 30, 60, 100 }, 2)]
    // a complete liver: nothing above its dome, monotone up to the peak
    [InlineData(new[] { 0, 0, 10, 30, 70, 100, 50 }, 0)]
    // a liver truly cut off at the top: large at the edge, growing towards the peak
    [InlineData(new[] { 60, 70, 90, 100, 80 }, 0)]
    // a shallow dip (segmentation noise) is not a waist: 35 > 0.75 * 40
    [InlineData(new[] { 40, 35, 60, 100 }, 0)]
    // the top slice itself is the narrowest: no waist
    [InlineData(new[] { 10, 20, 30, 100 }, 0)]
    // the widest slice at the top: nothing above it to trim
    [InlineData(new[] { 100, 20, 50 }, 0)]
    public void The_waist_is_the_narrowest_slice_above_the_widest_when_the_cross_section_widens_again_above_it(int[] areas, int expected)
    {
        Assert.Equal(expected, LiverDome.WaistIndex(areas, 0.75));
    }

    [Fact]
    public void Ratio_zero_turns_the_trim_off_and_a_stricter_ratio_needs_a_deeper_waist()
    {
        int[] areas = [40, 40, 35, 20, 50, 100];
        Assert.Equal(0, LiverDome.WaistIndex(areas, 0));
        Assert.Equal(3, LiverDome.WaistIndex(areas, 0.5));
        Assert.Equal(0, LiverDome.WaistIndex(areas, 0.4));
    }

    [Fact]
    public void Trimming_clears_liver_and_lesion_labels_in_the_superior_slices_and_leaves_organs_and_the_input()
    {
        // Identity direction: +k is +z (superior), so the last slice is the top of the scan.
        var labels = TestVolumes.Labels(10, 10, 6);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 9, 0, 9, 0, 1);   // the liver, 100 voxels per slice
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 4, 0, 4, 2, 2);   // its dome: 25
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 1, 0, 1, 3, 3);   // the waist: 4
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 5, 0, 5, 4, 5);   // "liver" above it: 36
        TestVolumes.Fill(labels, SegmentationLabel.Hcc, 2, 3, 2, 3, 5, 5);     // a candidate in it
        TestVolumes.Fill(labels, SegmentationLabel.Spleen, 7, 9, 7, 9, 5, 5);  // an organ beside it

        var areas = LiverDome.AreasSuperiorFirst(labels);
        Assert.Equal([36, 36, 4, 25, 100, 100], areas);
        var waist = LiverDome.WaistIndex(areas, 0.75);
        Assert.Equal(2, waist);

        var trimmed = LiverDome.Trim(labels, waist);

        Assert.Equal([0, 0, 4, 25, 100, 100], LiverDome.AreasSuperiorFirst(trimmed));
        Assert.Equal(SegmentationLabel.Background, trimmed[2, 2, 5]);
        Assert.Equal(SegmentationLabel.Spleen, trimmed[8, 8, 5]);
        Assert.Equal(SegmentationLabel.Liver, trimmed[0, 0, 3]);
        Assert.Equal(SegmentationLabel.Hcc, labels[2, 2, 5]); // the input is not modified
        Assert.Same(labels, LiverDome.Trim(labels, 0));
        Assert.Equal(0.0, LiverScreen.Detection.Patient.LiverAssessment.Assess(trimmed).LastSliceFraction);
    }

    [Fact]
    public void A_scan_stored_top_slice_first_is_read_superior_first_too()
    {
        // Direction with k pointing inferior: slice 0 is the top of the scan.
        var geometry = new VolumeGeometry(new Size3(4, 4, 4), new Vec3(1, 1, 5), new Vec3(0, 0, 0), new Mat3(1, 0, 0, 0, 1, 0, 0, 0, -1));
        var labels = new Volume<byte>(geometry);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 2, 0, 2, 0, 0);   // top: 9
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 0, 0, 1, 1, 1);   // waist: 2
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 3, 0, 3, 2, 3);   // liver: 16, 16

        Assert.Equal([9, 2, 16, 16], LiverDome.AreasSuperiorFirst(labels));
        var trimmed = LiverDome.Trim(labels, LiverDome.WaistIndex(LiverDome.AreasSuperiorFirst(labels), 0.75));
        Assert.Equal(SegmentationLabel.Background, trimmed[0, 0, 0]);
        Assert.Equal(SegmentationLabel.Liver, trimmed[0, 0, 1]);
        Assert.Equal(SegmentationLabel.Liver, trimmed[3, 3, 3]);
    }
}
