using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

/// <summary>
/// The detection core's cost must stay bounded on the huge, ragged candidates a poorly trained model produces at the
/// high-sensitivity point (lambda = 3 made one of 697k voxels): measurements linear in the voxels, and no model calls
/// above the IV-B1 size limit.
/// </summary>
public class LesionCostTests
{
    [Fact]
    public void Longest_diameter_from_the_convex_hull_equals_the_all_pairs_maximum_on_ragged_shapes()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 40; trial++)
        {
            var (nx, ny, nz) = (random.Next(3, 40), random.Next(3, 40), random.Next(1, 4));
            var grid = VolumeGeometry.Axial(new Size3(nx, ny, nz), new Vec3(0.5 + random.NextDouble(), 0.5 + random.NextDouble(), 5), new Vec3(-10, 20, 30));
            var density = random.NextDouble();
            var voxels = Enumerable.Range(0, nx * ny * nz).Where(_ => random.NextDouble() < density).ToArray();
            if (voxels.Length == 0)
            {
                continue;
            }

            var lesion = LesionMeasures.Describe(1, LesionType.HCC, voxels, grid);
            Assert.Equal(BruteForceDiameter(voxels, grid), lesion.DiameterMm, 9);
        }
    }

    [Fact]
    public void A_collinear_slice_and_a_single_pixel_are_measured_edge_to_edge()
    {
        var grid = TestVolumes.Grid(20, 20, 2);
        // Five pixels in a row on slice 0 (centres 8 mm apart), one pixel on slice 1.
        int[] voxels = [.. Enumerable.Range(3, 5).Select(x => 10 * 20 + x), 400 + 5];
        var lesion = LesionMeasures.Describe(1, LesionType.Cyst, voxels, grid);
        Assert.Equal(8 + 2, lesion.DiameterMm, 9);
    }

    [Fact]
    public void A_candidate_of_hundreds_of_thousands_of_voxels_is_measured_but_never_sent_to_the_reclassifier()
    {
        // 400 x 400 x 10 voxels of 1.5 x 1.5 x 5 mm; a speckled lesion region (about 697k voxels, like the lambda = 3
        // candidate seen in the pipeline) that is one 3D lesion, plus one small real lesion that is reclassified.
        var labels = TestVolumes.Labels(400, 400, 10, 1.5, 1.5);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 399, 0, 399, 0, 9);
        var random = new Random(5);
        for (var z = 0; z < 10; z++)
        {
            for (var y = 20; y < 380; y++)
            {
                for (var x = 20; x < 380; x++)
                {
                    // A solid spine at x = 200 keeps the speckle one component per slice and links the slices.
                    if (x == 200 || random.NextDouble() < 0.54)
                    {
                        labels[x, y, z] = SegmentationLabel.Hcc;
                    }
                }
            }
        }

        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 19, 0, 19, 0, 9);
        TestVolumes.Fill(labels, SegmentationLabel.Meta, 4, 9, 4, 9, 3, 6);
        var phases = new Dictionary<Phase, Volume<short>> { [Phase.NC] = TestVolumes.Hu(labels) };
        var candidates = Seg2Det.Detect(labels, phases, new Seg2DetOptions { MinVoxels = 45 });

        var huge = candidates.MaxBy(c => c.VoxelCount)!;
        Assert.Equal(LesionType.HCC, huge.Type);
        Assert.InRange(huge.VoxelCount, 600_000, 800_000);
        Assert.True(huge.VolumeCc > ReclassificationOptions.Default.MaxLesionVolumeCc);
        // At least the solid spine (359 pixel steps), at most the square's diagonal, plus one pixel.
        Assert.InRange(huge.DiameterMm, (359 * 1.5) + 1.5, (359 * 1.5 * Math.Sqrt(2)) + 1.5 + 1e-9);

        var classifier = new BrightVoxelClassifier(LesionType.Meta);
        var options = ReclassificationOptions.Default with { PatchSize = new Size3(16, 16, 4), MaxShift = new Size3(2, 2, 0), PatchesPerLesion = 2 };
        var result = LesionReclassifier.Reclassify(candidates, labels, phases, classifier, options, seed: 3);

        Assert.True(result.Single(r => r.Lesion.Id == huge.Id).Skipped);
        Assert.False(result.Single(r => r.OriginalType == LesionType.Meta).Skipped);
        Assert.Equal(result.Count(r => !r.Skipped), classifier.Calls); // one patch batch per small candidate, none for the huge one
    }

    [Fact]
    public void Beyond_the_candidate_limit_only_the_most_probable_candidates_are_reclassified_with_unchanged_results()
    {
        // Four 48-voxel HCC candidates in a liver with mean lesion probability 0.9, 0.8, 0.7 and 0.6.
        var labels = TestVolumes.Labels(60, 20, 8);
        TestVolumes.Fill(labels, SegmentationLabel.Liver, 0, 59, 0, 19, 0, 7);
        float[] p = [0.9f, 0.8f, 0.7f, 0.6f];
        for (var k = 0; k < 4; k++)
        {
            TestVolumes.Fill(labels, SegmentationLabel.Hcc, 4 + (14 * k), 7 + (14 * k), 8, 11, 2, 4);
        }

        var probabilities = TestVolumes.Probabilities(labels);
        var n = labels.Data.Length;
        for (var i = 0; i < n; i++)
        {
            if (labels.Data[i] == SegmentationLabel.Hcc)
            {
                probabilities.Data[(SegmentationLabel.Hcc * n) + i] = p[(i % 60) / 14];
            }
        }

        var phases = new Dictionary<Phase, Volume<short>> { [Phase.NC] = TestVolumes.Hu(labels) };
        var small = ReclassificationOptions.Default with { PatchSize = new Size3(16, 16, 4), MaxShift = new Size3(2, 2, 0), PatchesPerLesion = 2 };
        var unlimited = new BrightVoxelClassifier(LesionType.HCC);
        var limited = new BrightVoxelClassifier(LesionType.HCC);

        var all = StudyDetector.Detect(probabilities, phases, unlimited, DetectionOptions.Default with { Reclassification = small with { MaxCandidates = 0 } });
        var bounded = StudyDetector.Detect(probabilities, phases, limited, DetectionOptions.Default with { Reclassification = small with { MaxCandidates = 2 } });

        Assert.Equal(8, unlimited.Calls);   // 4 candidates at each of the two operating points
        Assert.Equal(4, limited.Calls);     // 2 at each
        foreach (var variant in new[] { (all.BaseRecls, bounded.BaseRecls), (all.HighRecls, bounded.HighRecls) })
        {
            var everything = variant.Item1.Kept.Concat(variant.Item1.Discarded).ToDictionary(r => r.Lesion.Id);
            var limitedList = variant.Item2.Kept.Concat(variant.Item2.Discarded).ToList();
            Assert.Equal(4, limitedList.Count);
            var seen = limitedList.Where(r => r.Patches > 0).Select(r => r.Lesion.Id).Order().ToList();
            Assert.Equal([1, 2], seen); // ids run left to right: the 0.9 and 0.8 candidates
            foreach (var r in limitedList.Where(r => r.Patches > 0))
            {
                var e = everything[r.Lesion.Id];
                Assert.Equal((e.Kept, e.Lesion.Type, e.OverlapCc, e.Score, e.ScoreVariance, e.Patches), (r.Kept, r.Lesion.Type, r.OverlapCc, r.Score, r.ScoreVariance, r.Patches));
            }

            Assert.All(limitedList.Where(r => r.Patches == 0), r => Assert.False(r.Kept));
        }
    }

    /// <summary>The definition: the largest centre distance between any two boundary pixels of one slice, plus one pixel.</summary>
    private static double BruteForceDiameter(int[] sortedVoxels, VolumeGeometry grid)
    {
        var size = grid.Size;
        var set = sortedVoxels.ToHashSet();
        var best = 0.0;
        foreach (var slice in sortedVoxels.GroupBy(v => v / size.SliceVoxels))
        {
            var boundary = slice.Where(v => !IsInterior(v, set, size)).Select(v => LesionMeasures.Coordinates(v, size)).ToList();
            best = Math.Max(best, MaxPairDistance(boundary, grid));
        }

        return best + (grid.Spacing.X + grid.Spacing.Y) / 2;
    }

    private static bool IsInterior(int v, HashSet<int> set, Size3 size)
    {
        var (x, y, _) = LesionMeasures.Coordinates(v, size);
        return x > 0 && y > 0 && x < size.X - 1 && y < size.Y - 1
            && set.Contains(v - 1) && set.Contains(v + 1) && set.Contains(v - size.X) && set.Contains(v + size.X);
    }

    private static double MaxPairDistance(List<(int X, int Y, int Z)> points, VolumeGeometry grid)
    {
        var best = 0.0;
        for (var a = 0; a < points.Count; a++)
        {
            for (var b = a + 1; b < points.Count; b++)
            {
                var dx = (points[b].X - points[a].X) * grid.Spacing.X;
                var dy = (points[b].Y - points[a].Y) * grid.Spacing.Y;
                best = Math.Max(best, Math.Sqrt((dx * dx) + (dy * dy)));
            }
        }

        return best;
    }
}
