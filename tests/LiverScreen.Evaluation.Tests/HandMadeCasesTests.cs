using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Patient;
using LiverScreen.Evaluation.Truth;

namespace LiverScreen.Evaluation.Tests;

/// <summary>Issue 6's hand-made cases as the evaluation sees them (result documents, coordinate matching): an empty
/// liver, type disagreement, a lesion spanning one 5 mm slice, and two lesions that touch but are separate.</summary>
public class HandMadeCasesTests
{
    private static TruthLesion T(int id, LesionType type, double x, double cc, double halfMm) =>
        new(id, type, [x, 0, 0], cc, 2 * halfMm, new TruthBox([x - halfMm, -halfMm, -halfMm], [x + halfMm, halfMm, halfMm]));

    private static ResultLesion P(int id, LesionType type, double x, double cc) =>
        new() { Id = id, Type = type, CenterLps = [x, 0, 0], VolumeCc = cc, DiameterMm = 12, Score = 0.9, KeySlice = 1 };

    private static (TruthDocument, List<LoadedResult>) Cohort(TruthLesion[] truth, ResultLesion[] predicted)
    {
        var cls = PatientClassifier.Classify(truth.Select(l => l.Type));
        var study = new TruthStudy("S", "P", "study-000001", StudySetting.Diagnosis, cls, PatientClassifier.IsMalignant(cls), truth);
        var pc = PatientClassifier.Classify(predicted.Select(l => l.Type));
        var m = PatientClassifier.IsMalignant(pc);
        var result = new StudyResult
        {
            StudyInstanceUid = "S",
            Status = StudyStatus.Completed,
            Setting = StudySetting.Diagnosis,
            Triage = m ? TriageCategory.SuspectedMalignant : TriageCategory.NoFinding,
            PatientClass = pc,
            Malignant = m,
            Confidence = 0.9,
            Uncertain = false,
            Lesions = predicted,
            OperatingPoints =
            [
                new OperatingPointResult("base", 1, false, pc, m, predicted),
                new OperatingPointResult("base+recls", 1, true, pc, m, predicted),
                new OperatingPointResult("high+recls", 3, true, pc, m, predicted),
            ],
        };
        return (new TruthDocument(TruthDocument.ExpectedFormat, true, "hand", 1, [study]), [new LoadedResult("S.json", result, null)]);
    }

    private static Metrics.LesionRow Row(Metrics.EvaluationReport r, string group) =>
        r.Settings.Single().Lesions.Single(m => m.Model == "Base+ReCls & High+ReCls").ByType.Single(x => x.Group == group);

    [Fact]
    public void An_empty_liver_with_no_prediction_is_a_true_negative_with_no_lesion_counts()
    {
        var (truth, results) = Cohort([], []);
        var report = CohortEvaluator.Evaluate(truth, results);
        var joint = report.Settings.Single().Patient.Single(p => p.Model == "Base+ReCls & High+ReCls");
        Assert.Equal((1, 1), (joint.Specificity.Successes, joint.Specificity.Total));
        Assert.Equal(0, joint.Sensitivity.Total);
        var all = Row(report, "All");
        Assert.Equal((0, 0, 0, 0), (all.TP, all.FL, all.FN, all.FP));
        Assert.Null(all.Recall.Value); // no true lesion: recall is undefined, not 0% or 100%
    }

    [Fact]
    public void A_prediction_in_an_empty_liver_is_a_false_positive_and_a_false_malignant_patient()
    {
        var (truth, results) = Cohort([], [P(1, LesionType.Meta, 0, 2)]);
        var report = CohortEvaluator.Evaluate(truth, results);
        Assert.Equal((1, 0), (Row(report, "Malig").FP, Row(report, "Malig").TP));
        var joint = report.Settings.Single().Patient.Single(p => p.Model == "Base+ReCls & High+ReCls");
        Assert.Equal((0, 1), (joint.Specificity.Successes, joint.Specificity.Total));
    }

    [Fact]
    public void Type_disagreement_is_a_false_label_for_the_type_but_a_hit_for_malignant()
    {
        // An HCC found as a metastasis: Table V counts it FL in the HCC row and in All, but a hit in Malig.
        var (truth, results) = Cohort([T(1, LesionType.HCC, 0, 4, 10)], [P(1, LesionType.Meta, 1, 4)]);
        var report = CohortEvaluator.Evaluate(truth, results);
        var hcc = Row(report, "HCC");
        Assert.Equal((0, 1, 0), (hcc.TP, hcc.FL, hcc.FN));
        Assert.Equal((1, 1), (hcc.RoughRecall.Successes, hcc.RoughRecall.Total));
        Assert.Equal((0, 1), (Row(report, "Meta").Precision.Successes, Row(report, "Meta").Precision.Total));
        var malig = Row(report, "Malig");
        Assert.Equal((1, 0, 0, 0), (malig.TP, malig.FL, malig.FN, malig.FP));
        Assert.Equal((1, 1), (malig.Precision.Successes, malig.Precision.Total));
        // The patient is still malignant: sensitivity counts it, class accuracy does not (Meta is not HCC).
        var joint = report.Settings.Single().Patient.Single(p => p.Model == "Base+ReCls & High+ReCls");
        Assert.Equal((1, 1), (joint.Sensitivity.Successes, joint.Sensitivity.Total));
        Assert.Equal((0, 1), (joint.ClassAccuracy.Successes, joint.ClassAccuracy.Total));
    }

    [Fact]
    public void A_lesion_spanning_one_slice_is_matched_by_a_centre_inside_its_thin_box()
    {
        // 0.3 cm3, 2.5 mm half-height: one 5 mm slice. A centre 2 mm off in z (inside the box grown by 5 mm) is a hit;
        // one 12 mm off is not, even though the 10 mm radius floor would be close.
        var truth = new TruthLesion(1, LesionType.Meta, [0, 0, 0], 0.3, 9, new TruthBox([-5, -5, -2.5], [5, 5, 2.5]));
        var near = new ResultLesion { Id = 1, Type = LesionType.Meta, CenterLps = [0, 0, 2], VolumeCc = 0.3, DiameterMm = 9, Score = 0.9, KeySlice = 1 };
        var far = near with { CenterLps = [0, 0, 12] };
        var (t1, r1) = Cohort([truth], [near]);
        Assert.Equal(1, Row(CohortEvaluator.Evaluate(t1, r1), "Meta").TP);
        var (t2, r2) = Cohort([truth], [far]);
        var row = Row(CohortEvaluator.Evaluate(t2, r2), "Meta");
        Assert.Equal((0, 1, 1), (row.TP, row.FN, row.FP));
        // Table I bin of the true volume.
        var bins = CohortEvaluator.Evaluate(t1, r1).Settings.Single().Lesions.Single(m => m.Model == "Base").BySize;
        Assert.Equal(1, bins.Single(b => b.Bin == "<0.5").All.TP);
    }

    [Fact]
    public void Two_touching_lesions_found_as_two_are_two_hits_and_found_as_one_leave_one_missed()
    {
        // Two 4 cm3 metastases side by side (boxes touch at x = 10 mm).
        TruthLesion[] truth = [T(1, LesionType.Meta, 0, 4, 10), T(2, LesionType.Meta, 20, 4, 10)];
        var (t1, r1) = Cohort(truth, [P(1, LesionType.Meta, 0, 4), P(2, LesionType.Meta, 20, 4)]);
        var two = Row(CohortEvaluator.Evaluate(t1, r1), "Meta");
        Assert.Equal((2, 0, 0), (two.TP, two.FN, two.FP));
        // Merged into one 8 cm3 lesion centred between them (x = 10): the centre lies in both grown boxes, and a
        // prediction may hit several true lesions (paper 002 counts per true lesion), so both count as found; the
        // merge shows up as one prediction for two truths.
        var (t2, r2) = Cohort(truth, [P(1, LesionType.Meta, 10, 8)]);
        var merged = Row(CohortEvaluator.Evaluate(t2, r2), "Meta");
        Assert.Equal((2, 0, 0), (merged.TP, merged.FN, merged.FP));
        Assert.Equal((1, 1), (merged.Precision.Successes, merged.Precision.Total));
        // Merged but centred on the first: the second is missed.
        var (t3, r3) = Cohort(truth, [P(1, LesionType.Meta, 2, 8)]);
        var one = Row(CohortEvaluator.Evaluate(t3, r3), "Meta");
        Assert.Equal((1, 1, 0), (one.TP, one.FN, one.FP));
    }
}
