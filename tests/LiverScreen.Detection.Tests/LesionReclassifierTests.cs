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
    public void A_candidate_the_reclassifier_confirms_only_in_part_is_discarded_below_the_minimum_score()
    {
        // The candidate is the bright lesion (x 8..11) plus as much plain liver beside it (x 12..15): 1.92 cm3, half of
        // it confirmed, so its overlap (0.96 cm3) passes Eq. 11 while its score (share confirmed) is 0.5.
        var truth = TestVolumes.Labels(40, 40, 8);
        TestVolumes.Fill(truth, SegmentationLabel.Liver, 2, 37, 2, 37, 0, 7);
        TestVolumes.Fill(truth, SegmentationLabel.Hcc, 8, 11, 8, 11, 2, 4);
        var labels = truth.Clone();
        TestVolumes.Fill(labels, SegmentationLabel.Hcc, 8, 15, 8, 11, 2, 4);
        var phases = new Dictionary<Phase, Volume<short>> { [Phase.NC] = TestVolumes.Hu(truth) };
        var candidates = Seg2Det.Detect(labels, phases);
        var classifier = new BrightVoxelClassifier(LesionType.HCC);

        var paper = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, Small, 7).Single();
        var strict = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, Small with { MinScore = 0.6 }, 7).Single();
        var lenient = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, Small with { MinScore = 0.4 }, 7).Single();

        Assert.Equal(0.5, paper.Score, 2);
        Assert.Equal(0.96, paper.OverlapCc, 2);
        Assert.True(paper.Kept);
        Assert.False(strict.Kept);
        Assert.True(lenient.Kept);
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

    [Fact]
    public void Extraction_matches_the_per_voxel_definition_for_shifts_flips_edges_transplants_and_missing_phases()
    {
        // Random labels (every class, so non-liver voxels sit inside the patch too) and HU over the window's edges.
        var random = new Random(11);
        var labels = TestVolumes.Labels(23, 19, 6);
        for (var i = 0; i < labels.Data.Length; i++)
        {
            labels.Data[i] = (byte)random.Next(0, 10);
        }

        var phases = new Dictionary<Phase, Volume<short>>();
        foreach (var phase in new[] { Phase.NC, Phase.VP, Phase.DP })
        {
            var hu = new Volume<short>(labels.Geometry, new short[labels.Data.Length]);
            for (var i = 0; i < hu.Data.Length; i++)
            {
                hu.Data[i] = (short)random.Next(-1100, 1100);
            }

            phases[phase] = hu;
        }

        var lesion = new DetectedLesion(1, LesionType.HCC, [labels.Index(4, 5, 1), labels.Index(5, 5, 1), labels.Index(5, 6, 2)],
            new VoxelBox(4, 5, 1, 5, 6, 2), Vec3.Zero, 0.06, 4, 1, new Dictionary<Phase, double>());
        var pv = (int)Small.PatchSize.VoxelCount;
        PatchPlan[] plans =
        [
            PatchPlan.Original,
            new(-2, 2, 0, true, false, null),
            new(2, -2, 1, false, true, null),
            new(0, 0, -3, true, true, null),
            new(1, 1, 0, false, false, (20, 17, 5)),
        ];
        foreach (var plan in plans)
        {
            var patch = new float[PatchExtractor.Channels * pv];
            var mask = new bool[pv];
            patch.AsSpan().Fill(float.NaN);
            PatchExtractor.Extract(lesion, plan, labels, phases, Small, patch, mask);
            var (expected, expectedMask) = ExtractPerVoxel(lesion, plan, labels, phases, Small);
            Assert.Equal(expectedMask, mask);
            for (var i = 0; i < patch.Length; i++)
            {
                Assert.True(expected[i] == patch[i], $"plan {plan}: value {i} is {patch[i]}, the definition gives {expected[i]}");
            }
        }
    }

    /// <summary>The definition, one voxel at a time: the source voxel of patch voxel (x, y, z) is the patch origin plus
    /// (x or its flip, y or its flip, z); liver or lesion there gives the windowed HU, anything else -1.</summary>
    private static (float[] Patch, bool[] Mask) ExtractPerVoxel(DetectedLesion lesion, PatchPlan plan, Volume<byte> labels, Dictionary<Phase, Volume<short>> phases, ReclassificationOptions o)
    {
        var ps = o.PatchSize;
        var pv = (int)ps.VoxelCount;
        var patch = new float[PatchExtractor.Channels * pv];
        var mask = new bool[pv];
        var centre = PatchExtractor.CentreVoxel(lesion, labels.Size);
        var anchor = plan.TransplantTo ?? centre;
        int ox = anchor.X - ps.X / 2 + plan.ShiftX, oy = anchor.Y - ps.Y / 2 + plan.ShiftY, oz = anchor.Z - ps.Z / 2 + plan.ShiftZ;
        Phase[] order = [Phase.NC, Phase.AP, Phase.VP, Phase.DP];
        float Window(short hu) => (float)Math.Clamp((hu - o.WindowMinHu) * (2.0 / (o.WindowMaxHu - o.WindowMinHu)) - 1.0, -1.0, 1.0);
        for (var c = 0; c < 4; c++)
        {
            var present = phases.TryGetValue(order[c], out var vol);
            for (var z = 0; z < ps.Z; z++)
            {
                for (var y = 0; y < ps.Y; y++)
                {
                    for (var x = 0; x < ps.X; x++)
                    {
                        var p = (z * ps.Y + y) * ps.X + x;
                        patch[(c + 4) * pv + p] = present ? 1f : 0f;
                        int vx = ox + (plan.FlipX ? ps.X - 1 - x : x), vy = oy + (plan.FlipY ? ps.Y - 1 - y : y), vz = oz + z;
                        var liver = labels.Contains(vx, vy, vz) && labels[vx, vy, vz] is >= SegmentationLabel.Liver and <= SegmentationLabel.Cyst;
                        patch[c * pv + p] = !present ? 0f : liver ? Window(vol![vx, vy, vz]) : -1f;
                    }
                }
            }
        }

        foreach (var v in lesion.VoxelIndices)
        {
            int x = v % labels.Size.X + anchor.X - centre.X, y = v / labels.Size.X % labels.Size.Y + anchor.Y - centre.Y, z = v / (labels.Size.X * labels.Size.Y) + anchor.Z - centre.Z;
            int px = x - ox, py = y - oy, pz = z - oz;
            px = plan.FlipX ? ps.X - 1 - px : px;
            py = plan.FlipY ? ps.Y - 1 - py : py;
            if ((uint)px < (uint)ps.X && (uint)py < (uint)ps.Y && (uint)pz < (uint)ps.Z)
            {
                var p = (pz * ps.Y + py) * ps.X + px;
                mask[p] = true;
                if (plan.TransplantTo is not null)
                {
                    for (var c = 0; c < 4; c++)
                    {
                        if (phases.TryGetValue(order[c], out var vol))
                        {
                            patch[c * pv + p] = Window(vol.Data[v]);
                        }
                    }
                }
            }
        }

        return (patch, mask);
    }
}
