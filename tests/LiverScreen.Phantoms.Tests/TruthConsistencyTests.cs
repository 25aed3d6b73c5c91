using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Tests;

/// <summary>The truth must agree with the pixels: documented HU ranges (docs/phantoms.md), lesion centres in the liver,
/// and lesion enhancement directions of shared/docs/imaging-facts.md relative to the liver in the same phase.</summary>
public class TruthConsistencyTests
{
    // Documented liver parenchyma ranges (median HU over the liver label) for livers without steatosis; cirrhosis may
    // sit up to 12 HU lower after contrast. Steatotic livers: NC below 45 and every phase below the normal range's top.
    private static readonly Dictionary<Phase, (double Lo, double Hi)> LiverRange = new()
    {
        [Phase.NC] = (50, 70),
        [Phase.AP] = (55, 92),
        [Phase.VP] = (85, 132),
        [Phase.DP] = (70, 107),
    };

    public static TheoryData<int> Studies => [0, 1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Studies))]
    public void Liver_and_lesion_hu_per_phase_follow_the_documented_patterns(int index)
    {
        var study = TestStudies.Diagnosis(21, index);
        var medians = new Dictionary<Phase, double>();
        var lesionMedians = new Dictionary<(int Id, Phase Phase), double>();
        foreach (var phase in study.Phases)
        {
            var r = PhaseRenderer.Acquired(study, phase.Phase);
            var liver = Values(r, v => v == SegmentationLabel.Liver, r.Labels.Data);
            Assert.True(liver.Count > 1000, $"{study.Folder} {phase.Phase}: liver has only {liver.Count} voxels");
            medians[phase.Phase] = Median(liver);
            foreach (var l in study.Lesions)
            {
                var v = Values(r, i => i == l.Id, r.Instances.Data);
                if (v.Count >= 20)
                {
                    lesionMedians[(l.Id, phase.Phase)] = Median(v);
                }
            }
        }

        foreach (var (phase, m) in medians)
        {
            var (lo, hi) = LiverRange[phase];
            if (study.LiverVariant == LiverVariant.Steatotic)
            {
                Assert.True(m < (phase == Phase.NC ? 45 : hi), $"{study.Folder} steatotic {phase}: liver median {m:0.0}");
            }
            else
            {
                var low = study.LiverVariant == LiverVariant.Cirrhotic && phase != Phase.NC ? lo - 14 : lo;
                Assert.InRange(m, low, hi);
            }
        }

        if (study.LiverVariant == LiverVariant.Steatotic)
        {
            return; // lesions are drawn against the fat-free liver; their direction relative to a fatty liver differs
        }

        foreach (var l in study.Lesions.Where(l => l.VolumeCc >= 2))
        {
            double D(Phase p) => lesionMedians.TryGetValue((l.Id, p), out var v) ? v - medians[p] : double.NaN;
            var what = $"{study.Folder} lesion {l.Id} {l.Type} {l.VolumeCc} cc";
            switch (l.Type)
            {
                case LesionType.HCC:
                    Assert.True(D(Phase.AP) > 5, $"{what}: AP {D(Phase.AP):0.0} should be hyper");
                    Assert.True(D(Phase.VP) < 0 || D(Phase.DP) < 0, $"{what}: no washout (VP {D(Phase.VP):0.0}, DP {D(Phase.DP):0.0})");
                    break;
                case LesionType.Meta:
                case LesionType.ICC:
                    Assert.True(D(Phase.NC) < 0 && D(Phase.VP) < 0, $"{what}: NC {D(Phase.NC):0.0} VP {D(Phase.VP):0.0} should be hypo");
                    break;
                case LesionType.Other:
                    Assert.True(D(Phase.AP) > 10, $"{what}: AP {D(Phase.AP):0.0} should be intensely hyper");
                    break;
                case LesionType.Hem:
                    Assert.True(D(Phase.NC) < 0 && D(Phase.DP) > -8, $"{what}: NC {D(Phase.NC):0.0} DP {D(Phase.DP):0.0}");
                    break;
                case LesionType.Cyst:
                    var nc = lesionMedians[(l.Id, Phase.NC)];
                    Assert.InRange(nc, -5, 25);
                    Assert.InRange(lesionMedians[(l.Id, Phase.VP)] - nc, -8, 8);
                    break;
                default:
                    break;
            }
        }
    }

    [Fact]
    public void Lesion_centres_lie_in_the_liver_and_their_voxels_carry_their_label()
    {
        var checkedLesions = 0;
        for (var index = 0; index < 12; index++)
        {
            var study = TestStudies.Diagnosis(31, index);
            var r = study.Lesions.Count == 0 ? null : PhaseRenderer.Acquired(study, study.ReferencePhase);
            foreach (var l in study.Lesions)
            {
                Assert.True(study.Body.LiverF(l.CenterLps) < 1, $"{study.Folder} lesion {l.Id} centre outside the liver");
                Assert.True(l.BboxMin.X <= l.CenterLps.X && l.CenterLps.X <= l.BboxMax.X);
                var g = r!.Labels.Geometry;
                var v = g.LpsToIndex(l.CenterLps);
                var (x, y, z) = ((int)Math.Round(v.X), (int)Math.Round(v.Y), (int)Math.Round(v.Z));
                if (!r.Labels.Contains(x, y, z))
                {
                    continue; // outside this (small) test grid
                }

                var count = r.Instances.Data.Count(i => i == l.Id);
                var expected = l.VolumeCc * 1000 / g.VoxelVolumeMm3;
                Assert.True(count > 0.5 * expected && count < 1.6 * expected + 30, $"{study.Folder} lesion {l.Id}: {count} voxels, truth {expected:0}");
                checkedLesions++;
            }
        }

        Assert.True(checkedLesions >= 5, $"only {checkedLesions} lesions checked");
    }

    private static List<float> Values(RenderedPhase r, Func<byte, bool> keep, byte[] by)
    {
        var list = new List<float>();
        for (var i = 0; i < by.Length; i++)
        {
            if (keep(by[i]))
            {
                list.Add(r.Hu.Data[i]);
            }
        }

        return list;
    }

    private static double Median(List<float> v)
    {
        v.Sort();
        return v[v.Count / 2];
    }
}
