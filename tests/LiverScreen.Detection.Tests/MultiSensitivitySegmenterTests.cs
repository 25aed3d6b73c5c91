using LiverScreen.Contracts;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

public class MultiSensitivitySegmenterTests
{
    private static ClassProbabilities TwoVoxels(string[] classes, Func<string, int, float> p)
    {
        var geometry = VolumeGeometry.Axial(new Size3(2, 1, 1), new Vec3(1, 1, 1), Vec3.Zero);
        var data = new float[classes.Length * 2];
        for (var c = 0; c < classes.Length; c++)
        {
            data[c * 2] = p(classes[c], 0);
            data[c * 2 + 1] = p(classes[c], 1);
        }

        return new ClassProbabilities(geometry, classes, data);
    }

    private static float Example(string cls, int voxel) => (cls, voxel) switch
    {
        ("liver", 0) => 0.6f, ("HCC", 0) => 0.3f, ("background", 0) => 0.1f,
        ("liver", 1) => 0.8f, ("HCC", 1) => 0.2f,
        _ => 0f,
    };

    [Fact]
    public void Base_factor_keeps_the_plain_argmax()
    {
        var labels = MultiSensitivitySegmenter.Segment(TwoVoxels(TestVolumes.Classes, Example), 1f);
        Assert.Equal([SegmentationLabel.Liver, SegmentationLabel.Liver], labels.Data);
    }

    [Fact]
    public void High_factor_flips_a_weak_lesion_voxel_but_not_a_confident_liver_voxel()
    {
        // Eq. 3: 0.3 * 3 = 0.9 > 0.6 flips voxel 0; 0.2 * 3 = 0.6 < 0.8 leaves voxel 1 liver.
        var labels = MultiSensitivitySegmenter.Segment(TwoVoxels(TestVolumes.Classes, Example), 3f);
        Assert.Equal([SegmentationLabel.Hcc, SegmentationLabel.Liver], labels.Data);
    }

    [Fact]
    public void Scaling_never_promotes_an_organ_class()
    {
        static float P(string cls, int voxel) => cls switch { "spleen" => 0.5f, "liver" => 0.45f, "Cyst" => 0.05f, _ => 0f };
        string[] classes = ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst", "spleen"];
        var labels = MultiSensitivitySegmenter.Segment(TwoVoxels(classes, P), 5f);
        Assert.Equal([SegmentationLabel.Spleen, SegmentationLabel.Spleen], labels.Data);
        var more = MultiSensitivitySegmenter.Segment(TwoVoxels(classes, P), 20f);
        Assert.Equal([SegmentationLabel.Cyst, SegmentationLabel.Cyst], more.Data);
    }

    [Fact]
    public void Channels_are_mapped_to_label_ids_by_class_name_not_position()
    {
        string[] shuffled = ["Cyst", "background", "HCC", "liver", "ICC", "Meta", "Hem", "Other"];
        var labels = MultiSensitivitySegmenter.Segment(TwoVoxels(shuffled, Example), 3f);
        Assert.Equal([SegmentationLabel.Hcc, SegmentationLabel.Liver], labels.Data);
    }

    [Fact]
    public void Rejects_a_non_positive_factor_and_a_wrong_sized_buffer()
    {
        var p = TwoVoxels(TestVolumes.Classes, Example);
        Assert.Throws<ArgumentOutOfRangeException>(() => MultiSensitivitySegmenter.Segment(p, 0f));
        Assert.Throws<ArgumentException>(() => new ClassProbabilities(p.Geometry, TestVolumes.Classes, new float[3]));
        Assert.Throws<ArgumentException>(() => ClassProbabilities.LabelOf("pancreas"));
    }

    /// <summary>A grid of several parallel blocks plus a partial one, with quantised probabilities (many exact ties):
    /// every voxel gets the label of the per-voxel definition (Eq. 2-3, ties to the lower channel).</summary>
    [Theory]
    [InlineData(1f)]
    [InlineData(2.5f)]
    public void Every_voxel_of_a_large_grid_matches_the_per_voxel_argmax(float scale)
    {
        var geometry = VolumeGeometry.Axial(new Size3(70, 61, 37), new Vec3(1.5, 1.5, 5), Vec3.Zero);
        var n = (int)geometry.Size.VoxelCount;
        var classes = TestVolumes.Classes;
        var random = new Random(5);
        var data = new float[classes.Length * n];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.Next(0, 9) / 8f;
        }

        var probabilities = new ClassProbabilities(geometry, classes, data);
        var labels = MultiSensitivitySegmenter.Segment(probabilities, scale);

        for (var v = 0; v < n; v++)
        {
            var (best, label) = (float.NegativeInfinity, (byte)0);
            for (var c = 0; c < classes.Length; c++)
            {
                var id = ClassProbabilities.LabelOf(classes[c]);
                var p = data[(c * n) + v] * (SegmentationLabel.IsLesion(id) ? scale : 1f);
                if (p > best)
                {
                    (best, label) = (p, id);
                }
            }

            Assert.True(labels.Data[v] == label, $"voxel {v}: {labels.Data[v]}, expected {label}");
        }
    }
}
