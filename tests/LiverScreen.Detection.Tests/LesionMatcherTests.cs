using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Matching;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

public class LesionMatcherTests
{
    [Fact]
    public void Sorts_pairs_into_TP_FL_FP_and_FN()
    {
        var truth = TestVolumes.Labels(20, 20, 3);
        TestVolumes.Fill(truth, SegmentationLabel.Hcc, 1, 4, 1, 4, 0, 2);    // found with the right type
        TestVolumes.Fill(truth, SegmentationLabel.Icc, 10, 13, 1, 4, 0, 2);  // found as HCC: false label
        TestVolumes.Fill(truth, SegmentationLabel.Cyst, 1, 3, 12, 14, 1, 1); // missed
        var predicted = TestVolumes.Labels(20, 20, 3);
        TestVolumes.Fill(predicted, SegmentationLabel.Hcc, 2, 5, 2, 5, 0, 1);
        TestVolumes.Fill(predicted, SegmentationLabel.Hcc, 11, 12, 2, 3, 1, 1);
        TestVolumes.Fill(predicted, SegmentationLabel.Meta, 15, 17, 15, 17, 2, 2); // nothing there

        var result = LesionMatcher.Match(Seg2Det.Detect(predicted), Seg2Det.Detect(truth));

        Assert.Equal(1, result.TruePositives);
        Assert.Equal(1, result.FalseLabels);
        Assert.Equal(1, result.FalseNegatives);
        Assert.Equal(1, result.FalsePositives);
        var fl = Assert.Single(result.Truth, t => t.Outcome == MatchOutcome.FL);
        Assert.Equal(LesionType.ICC, fl.Type);
        Assert.Equal(LesionType.HCC, fl.PartnerType);
        Assert.Equal([MatchOutcome.TP, MatchOutcome.FL, MatchOutcome.FP], result.Predicted.OrderBy(p => p.Id).Select(p => p.Outcome));
    }

    [Fact]
    public void A_true_lesion_split_into_two_predictions_counts_once_and_prefers_the_same_type()
    {
        var truth = TestVolumes.Labels(12, 6, 1);
        TestVolumes.Fill(truth, SegmentationLabel.Meta, 1, 10, 1, 4, 0, 0);
        var predicted = TestVolumes.Labels(12, 6, 1);
        TestVolumes.Fill(predicted, SegmentationLabel.Cyst, 1, 6, 1, 4, 0, 0);
        TestVolumes.Fill(predicted, SegmentationLabel.Meta, 8, 10, 1, 4, 0, 0);

        var result = LesionMatcher.Match(Seg2Det.Detect(predicted), Seg2Det.Detect(truth));

        var t = Assert.Single(result.Truth);
        Assert.Equal(MatchOutcome.TP, t.Outcome);
        Assert.Equal(LesionType.Meta, t.PartnerType);
        Assert.Equal([LesionType.Meta, LesionType.Cyst], t.OverlappingTypes);
        Assert.Equal(0, result.FalsePositives);
    }

    [Fact]
    public void An_empty_liver_matches_nothing_and_a_prediction_in_it_is_a_false_positive()
    {
        var truth = TestVolumes.Labels(10, 10, 3);
        TestVolumes.Fill(truth, SegmentationLabel.Liver, 0, 9, 0, 9, 0, 2);
        var empty = LesionMatcher.Match(Seg2Det.Detect(truth), Seg2Det.Detect(truth));
        Assert.Equal((0, 0, 0, 0), (empty.TruePositives, empty.FalseLabels, empty.FalsePositives, empty.FalseNegatives));

        var predicted = truth.Clone();
        TestVolumes.Fill(predicted, SegmentationLabel.Hem, 3, 5, 3, 5, 1, 1);
        var fp = LesionMatcher.Match(Seg2Det.Detect(predicted), Seg2Det.Detect(truth));
        Assert.Equal((0, 1, 0), (fp.TruePositives, fp.FalsePositives, fp.FalseNegatives));
        Assert.Equal(MatchOutcome.FP, Assert.Single(fp.Predicted).Outcome);
    }

    [Fact]
    public void Two_true_lesions_touching_in_one_slice_stay_two_sites_and_one_merged_prediction_finds_both()
    {
        // Truth: two metastases that touch only in slice 2 (seg2det keeps them apart); prediction: one blob over both.
        var truth = TestVolumes.Labels(12, 8, 5);
        TestVolumes.Fill(truth, SegmentationLabel.Meta, 1, 4, 2, 5, 0, 4);
        TestVolumes.Fill(truth, SegmentationLabel.Meta, 7, 10, 2, 5, 0, 4);
        TestVolumes.Fill(truth, SegmentationLabel.Meta, 5, 6, 3, 4, 2, 2);
        var predicted = TestVolumes.Labels(12, 8, 5);
        TestVolumes.Fill(predicted, SegmentationLabel.Meta, 1, 10, 2, 5, 1, 3);

        var result = LesionMatcher.Match(Seg2Det.Detect(predicted), Seg2Det.Detect(truth));

        Assert.Equal(2, result.Truth.Count);
        Assert.All(result.Truth, t => Assert.Equal(MatchOutcome.TP, t.Outcome));
        Assert.Equal(MatchOutcome.TP, Assert.Single(result.Predicted).Outcome);
        Assert.Equal(0, result.FalseNegatives);
    }

    [Fact]
    public void Coordinate_rule_accepts_a_centre_inside_the_grown_box_or_near_the_centre_and_rejects_a_far_one()
    {
        var rule = CoordinateMatchRule.Default;
        var c = new Vec3(0, 0, 0);
        var min = new Vec3(-15, -15, -15);
        var max = new Vec3(15, 15, 15);
        Assert.True(rule.Affinity(new Vec3(19, 0, 0), c, min, max, 14.1) > 0);   // inside box + 5 mm
        Assert.Equal(0, rule.Affinity(new Vec3(21, 0, 0), c, min, max, 14.1));   // r = 15 mm, box edge 20 mm
        var tinyMin = new Vec3(-2, -2, -2);
        var tinyMax = new Vec3(2, 2, 2);
        Assert.True(rule.Affinity(new Vec3(0, 0, 9.5), c, tinyMin, tinyMax, 0.03) > 0); // 10 mm floor for tiny lesions
        Assert.Equal(0, rule.Affinity(new Vec3(0, 0, 10.5), c, tinyMin, tinyMax, 0.03));
        Assert.True(rule.Affinity(new Vec3(1, 0, 0), c, min, max, 14.1) > rule.Affinity(new Vec3(5, 0, 0), c, min, max, 14.1));
    }
}
