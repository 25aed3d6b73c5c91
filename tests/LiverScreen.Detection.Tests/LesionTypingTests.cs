using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Detection.Typing;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

public class LesionTypingTests
{
    /// <summary>A 20 x 20 x 4 liver (NC 60, AP 80 HU) with a 5 x 5 x 2 lesion: rim 100 HU and core (3 x 3 per slice) 40 HU
    /// in AP, 30 HU throughout in NC. VP and DP are missing.</summary>
    private static (Volume<byte> Labels, Dictionary<Phase, Volume<short>> Phases) Scene()
    {
        var labels = TestVolumes.Labels(20, 20, 4);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 1, 18, 1, 18, 0, 3);
        TestVolumes.Fill(labels, SegmentationLabel.Hcc, 5, 9, 5, 9, 1, 2);
        var nc = new Volume<short>(labels.Geometry);
        var ap = new Volume<short>(labels.Geometry);
        for (var z = 0; z < 4; z++)
        {
            for (var y = 0; y < 20; y++)
            {
                for (var x = 0; x < 20; x++)
                {
                    var lesion = labels[x, y, z] == SegmentationLabel.Hcc;
                    var core = lesion && x is >= 6 and <= 8 && y is >= 6 and <= 8;
                    nc[x, y, z] = (short)(lesion ? 30 : 60);
                    ap[x, y, z] = (short)(core ? 40 : lesion ? 100 : 80);
                }
            }
        }

        return (labels, new Dictionary<Phase, Volume<short>> { [Phase.NC] = nc, [Phase.AP] = ap });
    }

    [Fact]
    public void Features_are_the_enhancement_relative_to_the_liver_and_the_core_against_the_whole_lesion()
    {
        var (labels, phases) = Scene();
        var lesion = Seg2Det.Detect(labels, phases).Single();
        var liver = EnhancementFeatures.LiverMeanHu(labels, phases);

        var f = EnhancementFeatures.Compute(lesion, phases, liver);

        Assert.Equal(60, liver[Phase.NC], 6);
        Assert.Equal(80, liver[Phase.AP], 6);
        // AP mean over 50 voxels: 18 core voxels at 40, 32 rim voxels at 100 -> 78.4 HU.
        Assert.Equal(new float[] { -0.3f, 0f, 1f, -0.016f, (float)((40 - 78.4) / 50), 1f, 0, 0, 0, 0, 0, 0, 0.3f },
            f[..13], new ToleranceComparer(1e-5f));
        Assert.Equal(Math.Log(lesion.VolumeCc) / 5, f[13], 5);
    }

    [Fact]
    public void The_core_is_the_in_plane_erosion_and_a_lesion_one_voxel_wide_has_none()
    {
        var size = new Size3(10, 10, 3);
        var square = new List<int>();
        for (var y = 2; y <= 4; y++)
        {
            for (var x = 2; x <= 4; x++)
            {
                square.Add((1 * size.Y + y) * size.X + x);
            }
        }

        Assert.Equal([(1 * size.Y + 3) * size.X + 3], EnhancementFeatures.Core([.. square], size));
        Assert.Empty(EnhancementFeatures.Core([(1 * size.Y + 3) * size.X + 3, (2 * size.Y + 3) * size.X + 3], size));
    }

    [Fact]
    public void Fusion_lets_a_clear_enhancement_pattern_overrule_a_split_vote_but_not_a_clear_one()
    {
        var votes = Votes((SegmentationLabel.Meta, 55), (SegmentationLabel.Icc, 45));
        double[] saysIcc = [0.05, 0.6, 0.15, 0.1, 0.05, 0.05];
        Assert.Equal(LesionType.ICC, TypeFusion.Fuse(votes, saysIcc, 0.05));

        votes[SegmentationLabel.Meta] = 95;
        votes[SegmentationLabel.Icc] = 5;
        Assert.Equal(LesionType.Meta, TypeFusion.Fuse(votes, saysIcc, 0.05));
    }

    [Fact]
    public void Fusion_may_make_a_benign_vote_malignant_but_never_a_malignant_vote_benign()
    {
        var votes = Votes((SegmentationLabel.Hcc, 60), (SegmentationLabel.Other, 40));
        double[] saysOther = [0.05, 0.02, 0.02, 0.01, 0.85, 0.05];
        Assert.Equal(LesionType.HCC, TypeFusion.Fuse(votes, saysOther, 0.05));

        var hem = Votes((SegmentationLabel.Hem, 60), (SegmentationLabel.Hcc, 40));
        double[] saysHcc = [0.85, 0.02, 0.02, 0.05, 0.01, 0.05];
        Assert.Equal(LesionType.HCC, TypeFusion.Fuse(hem, saysHcc, 0.05));
    }

    [Fact]
    public void Fusion_ties_go_to_the_higher_priority_type()
    {
        var votes = Votes((SegmentationLabel.Cyst, 10), (SegmentationLabel.Hcc, 10));
        Assert.Equal(LesionType.HCC, TypeFusion.Fuse(votes, [0.5, 0, 0, 0, 0, 0.5], 0.05));
    }

    [Fact]
    public void The_model_is_a_softmax_over_the_six_types()
    {
        var weights = Enumerable.Range(0, 6).Select(_ => new float[EnhancementFeatures.Count]).ToArray();
        weights[5][12] = -10f; // Cyst: low NC attenuation (water)
        var model = new LesionTypingModel("t", "0.0.1", weights, [0, 0, 0, 0, 0, 0]);
        var water = new float[EnhancementFeatures.Count];
        water[12] = -0.1f;

        var p = model.Predict(water);

        Assert.Equal(1.0, p.Sum(), 9);
        Assert.Equal(5, Array.IndexOf(p, p.Max()));
        Assert.Equal(Math.E / (5 + Math.E), p[5], 9);
    }

    [Fact]
    public void A_malformed_model_file_is_rejected_naming_the_file()
    {
        var path = Path.Combine(Path.GetTempPath(), $"typing-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"name":"t","version":"1","weights":[[1,2]],"bias":[0]}""");
        try
        {
            var e = Assert.Throws<InvalidDataException>(() => LesionTypingModel.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("6 x 14", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void With_a_typing_model_the_reclassifier_vote_is_fused_with_the_enhancement_pattern()
    {
        var (labels, phases) = Scene();
        var candidates = Seg2Det.Detect(labels, phases);
        var options = new ReclassificationOptions { PatchSize = new Size3(16, 16, 4), MaxShift = new Size3(2, 2, 0), PatchesPerLesion = 3 };
        // The stand-in reclassifier confirms every lesion voxel brighter than 20 HU in NC and votes Hem; a typing model
        // that reads the darker core as ICC (strongly) overrules it, a flat one does not.
        var classifier = new BrightVoxelClassifier(LesionType.Hem, thresholdHu: 20);
        var weights = Enumerable.Range(0, 6).Select(_ => new float[EnhancementFeatures.Count]).ToArray();
        weights[1][4] = -20f; // ICC: core darker than the lesion in AP
        var icc = new LesionTypingModel("t", "0.0.1", weights, [0, 0, 0, 0, 0, 0]);
        var flat = new LesionTypingModel("t", "0.0.1", Enumerable.Range(0, 6).Select(_ => new float[EnhancementFeatures.Count]).ToArray(), [0, 0, 0, 0, 0, 0]);

        var plain = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, options, 7).Single();
        var fused = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, options, 7, icc).Single();
        var neutral = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, options, 7, flat).Single();

        Assert.Equal(LesionType.Hem, plain.Lesion.Type);
        Assert.Equal(LesionType.ICC, fused.Lesion.Type);
        Assert.Equal(LesionType.Hem, neutral.Lesion.Type);
        Assert.Equal(plain.Kept, fused.Kept);
        Assert.Equal(plain.Score, fused.Score);

        // NC alone shows no enhancement: the vote decides.
        var ncOnly = new Dictionary<Phase, Volume<short>> { [Phase.NC] = phases[Phase.NC] };
        var screening = LesionReclassifier.Reclassify(Seg2Det.Detect(labels, ncOnly), labels, ncOnly, classifier, options, 7, icc).Single();
        Assert.Equal(LesionType.Hem, screening.Lesion.Type);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }

    /// <summary>Voxel votes indexed by segmentation label, as the reclassifier counts them.</summary>
    private static long[] Votes(params (byte Label, long Count)[] counts)
    {
        var votes = new long[SegmentationLabel.Count];
        foreach (var (label, count) in counts)
        {
            votes[label] = count;
        }

        return votes;
    }
}
