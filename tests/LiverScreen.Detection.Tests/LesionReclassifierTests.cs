using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

public class LesionReclassifierTests
{
    // 2 x 2 x 5 mm voxels = 0.02 cm3; small patches keep the tests fast.
    private static readonly ReclassificationOptions Small = new()
    {
        PatchSize = new Size3(16, 16, 4),
        MaxShift = new Size3(2, 2, 0),
        PatchesPerLesion = 5,
    };

    /// <summary>A 40 x 40 x 8 liver; a real bright lesion (200 HU, 4 x 4 x 3 = 48 voxels, 0.96 cm3) labelled HCC, and a
    /// candidate of the same size over plain liver (60 HU) labelled Meta: a false positive.</summary>
    private static (Volume<byte> Labels, Dictionary<Phase, Volume<short>> Phases) Scene()
    {
        var truth = TestVolumes.Labels(40, 40, 8);
        TestVolumes.Fill(truth, SegmentationLabel.Liver, 2, 37, 2, 37, 0, 7);
        TestVolumes.Fill(truth, SegmentationLabel.Hcc, 8, 11, 8, 11, 2, 4);
        var labels = truth.Clone();
        TestVolumes.Fill(labels, SegmentationLabel.Meta, 26, 29, 26, 29, 2, 4);
        return (labels, new Dictionary<Phase, Volume<short>> { [Phase.NC] = TestVolumes.Hu(truth) });
    }

    [Fact]
    public void Keeps_the_true_lesion_with_the_voted_type_and_discards_the_false_positive()
    {
        var (labels, phases) = Scene();
        var candidates = Seg2Det.Detect(labels, phases);
        var classifier = new BrightVoxelClassifier(LesionType.ICC);

        var result = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, Small, seed: 7);

        Assert.Equal(2, result.Count);
        var real = result.Single(r => r.OriginalType == LesionType.HCC);
        Assert.True(real.Kept);
        Assert.Equal(LesionType.ICC, real.Lesion.Type);   // volume-weighted vote of the reclassifier's labels
        Assert.Equal(0.96, real.OverlapCc, 6);             // every patch sees the whole lesion bright
        Assert.Equal(1.0, real.Score, 6);
        Assert.Equal(5, real.Patches);
        var fake = result.Single(r => r.OriginalType == LesionType.Meta);
        Assert.False(fake.Kept);
        Assert.Equal(0, fake.OverlapCc);
        Assert.Equal(2, classifier.Calls);                 // one batch per candidate
    }

    [Fact]
    public void The_overlap_threshold_is_in_cubic_centimetres_and_configurable()
    {
        var (labels, phases) = Scene();
        var candidates = Seg2Det.Detect(labels, phases);
        var strict = LesionReclassifier.Reclassify(candidates, labels, phases, new BrightVoxelClassifier(LesionType.HCC), Small with { MinOverlapCc = 1.0 }, 7);
        Assert.DoesNotContain(strict, r => r.Kept);
    }

    [Fact]
    public void Very_large_candidates_skip_reclassification_and_are_kept()
    {
        var (labels, phases) = Scene();
        var candidates = Seg2Det.Detect(labels, phases);
        var classifier = new BrightVoxelClassifier(LesionType.HCC);
        var result = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, Small with { MaxLesionVolumeCc = 0.5 }, 7);
        Assert.All(result, r => Assert.True(r.Kept && r.Skipped));
        Assert.Equal(0, classifier.Calls);
    }

    [Fact]
    public void Augmentation_is_seeded_and_includes_a_shuffled_positive_on_lesion_free_liver()
    {
        var (labels, _) = Scene();
        var lesion = Seg2Det.Detect(labels)[0];
        var a = PatchExtractor.Plan(lesion, labels, Small, new Random(3));
        var b = PatchExtractor.Plan(lesion, labels, Small, new Random(3));
        Assert.Equal(a, b);
        Assert.Equal(PatchPlan.Original, a[0]);
        var site = Assert.Single(a, p => p.TransplantTo is not null).TransplantTo!.Value;
        Assert.Equal(SegmentationLabel.Liver, labels[site.X, site.Y, site.Z]);
    }

    [Fact]
    public void A_flipped_patch_carries_the_candidate_mask_flipped_and_masks_out_non_liver()
    {
        var (labels, phases) = Scene();
        var lesion = Seg2Det.Detect(labels, phases)[0];
        var pv = (int)Small.PatchSize.VoxelCount;
        var patch = new float[PatchExtractor.Channels * pv];
        var mask = new bool[pv];
        var flipped = new float[PatchExtractor.Channels * pv];
        var flippedMask = new bool[pv];
        PatchExtractor.Extract(lesion, PatchPlan.Original, labels, phases, Small, patch, mask);
        PatchExtractor.Extract(lesion, new PatchPlan(0, 0, 0, true, false, null), labels, phases, Small, flipped, flippedMask);

        Assert.Equal(48, mask.Count(m => m));
        for (var z = 0; z < 4; z++)
        {
            for (var y = 0; y < 16; y++)
            {
                for (var x = 0; x < 16; x++)
                {
                    var i = (z * 16 + y) * 16 + x;
                    var j = (z * 16 + y) * 16 + (15 - x);
                    Assert.Equal(mask[i], flippedMask[j]);
                    Assert.Equal(patch[i], flipped[j]);
                }
            }
        }

        // The centred patch starts at volume x 2 (liver); shifted 2 voxels left it reaches x 0 (outside the liver: -1).
        Assert.NotEqual(-1f, patch[0]);
        var shifted = new float[PatchExtractor.Channels * pv];
        PatchExtractor.Extract(lesion, new PatchPlan(-2, 0, 0, false, false, null), labels, phases, Small, shifted, new bool[pv]);
        Assert.Equal(-1f, shifted[0]);
        Assert.Equal(-1f, shifted[1]);
        Assert.NotEqual(-1f, shifted[2]);
        // Presence channels: NC only.
        Assert.Equal(1f, patch[4 * pv]);
        Assert.Equal(0f, patch[5 * pv]);
        Assert.All(patch.AsSpan(pv, pv).ToArray(), v => Assert.Equal(0f, v)); // AP missing: zeros
    }
}
