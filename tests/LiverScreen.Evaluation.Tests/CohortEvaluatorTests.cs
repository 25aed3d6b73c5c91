using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Evaluation.IO;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Reports;
using LiverScreen.Evaluation.Targets;
using LiverScreen.Evaluation.Truth;

namespace LiverScreen.Evaluation.Tests;

/// <summary>
/// A six-study cohort whose tables were worked out by hand (see the comments at each assertion).
/// Diagnosis: S1 HCC (HCC 5 cm3 + Cyst 1 cm3), S2 normal, S3 Meta (0.8 cm3), S4 Hem (10 cm3).
/// Screening: S5 HCC (3 cm3), S6 without a result file.
/// </summary>
public sealed class CohortEvaluatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ls-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string TruthJsonText = """
        {
          "format": "liverscreen-truth/1", "synthetic": true, "preset": "tiny", "seed": 1,
          "studies": [
            { "studyInstanceUid": "S1", "patientId": "P1", "folder": "study-1", "setting": "diagnosis", "patientClass": "HCC", "malignant": true,
              "referencePhase": "VP", "phases": [],
              "lesions": [
                { "id": 1, "type": "HCC", "centerLps": [0, 0, 0], "volumeCc": 5, "diameterMm": 21, "bboxLps": { "min": [-11, -11, -11], "max": [11, 11, 11] } },
                { "id": 2, "type": "Cyst", "centerLps": [50, 0, 0], "volumeCc": 1, "diameterMm": 12, "bboxLps": { "min": [44, -6, -6], "max": [56, 6, 6] } } ] },
            { "studyInstanceUid": "S2", "folder": "study-2", "setting": "diagnosis", "patientClass": "Normal", "malignant": false, "lesions": [] },
            { "studyInstanceUid": "S3", "folder": "study-3", "setting": "diagnosis", "patientClass": "Meta", "malignant": true,
              "lesions": [ { "id": 1, "type": "Meta", "centerLps": [0, 0, 0], "volumeCc": 0.8, "diameterMm": 11, "bboxLps": { "min": [-6, -6, -6], "max": [6, 6, 6] } } ] },
            { "studyInstanceUid": "S4", "folder": "study-4", "setting": "diagnosis", "patientClass": "Hem", "malignant": false,
              "lesions": [ { "id": 1, "type": "Hem", "centerLps": [20, 20, 20], "volumeCc": 10, "diameterMm": 27, "bboxLps": { "min": [7, 7, 7], "max": [33, 33, 33] } } ] },
            { "studyInstanceUid": "S5", "folder": "study-5", "setting": "screening", "patientClass": "HCC", "malignant": true,
              "lesions": [ { "id": 1, "type": "HCC", "centerLps": [0, 0, 0], "volumeCc": 3, "diameterMm": 18, "bboxLps": { "min": [-9, -9, -9], "max": [9, 9, 9] } } ] },
            { "studyInstanceUid": "S6", "folder": "study-6", "setting": "screening", "patientClass": "Normal", "malignant": false, "lesions": [] }
          ]
        }
        """;

    private static ResultLesion L(int id, LesionType type, double x, double y, double z, double cc) =>
        new() { Id = id, Type = type, CenterLps = [x, y, z], VolumeCc = cc, DiameterMm = 10, Score = 0.9, KeySlice = 3 };

    private static StudyResult R(string uid, StudySetting setting, ResultLesion[] b, ResultLesion[] br, ResultLesion[] hr, double confidence)
    {
        var cb = PatientClass(b);
        var cbr = PatientClass(br);
        var chr = PatientClass(hr);
        var uncertain = cbr != chr;
        return new StudyResult
        {
            StudyInstanceUid = uid,
            Status = StudyStatus.Completed,
            Setting = setting,
            Triage = uncertain ? TriageCategory.Uncertain : TriageCategory.NoFinding,
            PatientClass = chr,
            Malignant = Detection.Patient.PatientClassifier.IsMalignant(chr),
            Confidence = confidence,
            Uncertain = uncertain,
            Lesions = hr,
            OperatingPoints =
            [
                new OperatingPointResult("base", 1, false, cb, Detection.Patient.PatientClassifier.IsMalignant(cb), b),
                new OperatingPointResult("base+recls", 1, true, cbr, Detection.Patient.PatientClassifier.IsMalignant(cbr), br),
                new OperatingPointResult("high+recls", 3, true, chr, Detection.Patient.PatientClassifier.IsMalignant(chr), hr),
            ],
        };
    }

    private static PatientClass PatientClass(ResultLesion[] l) => Detection.Patient.PatientClassifier.Classify(l.Select(x => x.Type));

    private EvaluationReport Run()
    {
        var s1 = new[] { L(1, LesionType.HCC, 1, 0, 0, 5) };
        StudyResult[] results =
        [
            R("S1", StudySetting.Diagnosis, s1, s1, [L(1, LesionType.HCC, 1, 0, 0, 5), L(2, LesionType.Cyst, 50, 1, 0, 1)], 0.95),
            R("S2", StudySetting.Diagnosis, [L(1, LesionType.Meta, 100, 100, 100, 2)], [], [], 0.9),
            R("S3", StudySetting.Diagnosis, [L(1, LesionType.Cyst, 0, 0, 1, 0.8)], [], [L(1, LesionType.Meta, 0, 0, 1, 0.8)], 0.2),
            R("S4", StudySetting.Diagnosis, [L(1, LesionType.Hem, 20, 20, 20, 10)], [L(1, LesionType.HCC, 20, 20, 21, 10)], [L(1, LesionType.HCC, 20, 20, 21, 10)], 0.6),
            R("S5", StudySetting.Screening, [], [], [L(1, LesionType.HCC, 0, 1, 0, 3)], 0.3),
        ];
        foreach (var r in results)
        {
            File.WriteAllText(Path.Combine(_dir, r.StudyInstanceUid + ".json"), StudyResultJson.Serialize(r));
        }

        File.WriteAllText(Path.Combine(_dir, "broken.json"), "{ \"studyInstanceUid\": ");
        var loaded = ResultFiles.List(_dir).Select(ResultFiles.Read).ToList();
        return CohortEvaluator.Evaluate(TruthJson.Parse(TruthJsonText), loaded);
    }

    private static (int K, int N) P(Statistics.Proportion p) => (p.Successes, p.Total);

    [Fact]
    public void Patient_level_table_IV_per_model_matches_the_hand_count()
    {
        var report = Run();
        var d = Assert.Single(report.Settings, s => s.Setting == "diagnosis");
        Assert.Equal(4, d.Studies);
        var rows = d.Patient.ToDictionary(p => p.Model);
        // Base: S1 right, S3 missed (Cyst); S2 false Meta, S4 right.
        Assert.Equal((1, 2), P(rows["Base"].Sensitivity));
        Assert.Equal((1, 2), P(rows["Base"].Specificity));
        Assert.Equal((2, 4), P(rows["Base"].ClassAccuracy));
        // Base+ReCls: S3 missed; S4 called HCC.
        Assert.Equal((1, 2), P(rows["Base+ReCls"].Sensitivity));
        Assert.Equal((1, 2), P(rows["Base+ReCls"].Specificity));
        // High+ReCls: both malignant found; S4 still HCC.
        Assert.Equal((2, 2), P(rows["High+ReCls"].Sensitivity));
        Assert.Equal((1, 2), P(rows["High+ReCls"].Specificity));
        Assert.Equal((3, 4), P(rows["High+ReCls"].ClassAccuracy));
        // Joint: S3 uncertain and left out.
        var joint = rows["Base+ReCls & High+ReCls"];
        Assert.Equal(3, joint.Studies);
        Assert.Equal(1, joint.Uncertain);
        Assert.Equal((1, 1), P(joint.Sensitivity));
        Assert.Equal((1, 2), P(joint.Specificity));
        Assert.Equal((1, 4), P(d.UncertainRate));
    }

    [Fact]
    public void Lesion_tables_count_TP_FL_FP_FN_per_type_all_and_malignant()
    {
        var d = Run().Settings.Single(s => s.Setting == "diagnosis");
        var high = d.Lesions.Single(m => m.Model == "High+ReCls").ByType.ToDictionary(r => r.Group);
        // S4's Hem found as HCC: FL for Hem, a false-label prediction against HCC's precision.
        Assert.Equal((0, 0, 1, 0), (high["Hem"].TP, high["Hem"].FN, high["Hem"].FL, high["Hem"].FP));
        Assert.Equal((0, 1), P(high["Hem"].Recall));
        Assert.Equal((1, 1), P(high["Hem"].RoughRecall));
        Assert.Equal((1, 2), P(high["HCC"].Precision));
        Assert.Equal((3, 1, 0, 0), (high["All"].TP, high["All"].FL, high["All"].FN, high["All"].FP));
        Assert.Equal((3, 4), P(high["All"].Precision));
        Assert.Equal((3, 4), P(high["All"].Recall));
        Assert.Equal((2, 2), P(high["Malig"].Recall));
        Assert.Equal((2, 3), P(high["Malig"].Precision));
        var big = d.Lesions.Single(m => m.Model == "High+ReCls").MalignantAtLeast1Cc;
        Assert.Equal((1, 1), P(big.Recall));     // S3's 0.8 cm3 Meta is below 1 cm3
        Assert.Equal((1, 2), P(big.Precision));  // S4's 10 cm3 "HCC" is a false label

        var baseRows = d.Lesions.Single(m => m.Model == "Base").ByType.ToDictionary(r => r.Group);
        // S1 Cyst missed (FN), S2 Meta nowhere (FP), S3 Meta found as Cyst (FL).
        Assert.Equal((2, 1, 1, 1), (baseRows["All"].TP, baseRows["All"].FL, baseRows["All"].FN, baseRows["All"].FP));
        Assert.Equal((2, 4), P(baseRows["All"].Precision));
        Assert.Equal((1, 1, 0, 1), (baseRows["Malig"].TP, baseRows["Malig"].FL, baseRows["Malig"].FN, baseRows["Malig"].FP));
        Assert.Equal((1, 2), P(baseRows["Malig"].Precision));

        // Joint: S3 (uncertain) left out.
        var joint = d.Lesions.Single(m => m.Model == "Base+ReCls & High+ReCls").ByType.Single(r => r.Group == "All");
        Assert.Equal((2, 1, 0, 0), (joint.TP, joint.FL, joint.FN, joint.FP));
    }

    [Fact]
    public void Size_bins_use_the_true_volume()
    {
        var high = Run().Settings.Single(s => s.Setting == "diagnosis").Lesions.Single(m => m.Model == "High+ReCls").BySize.ToDictionary(b => b.Bin);
        Assert.Equal(2, high["0.5-2"].All.TP);   // S1 Cyst 1 cm3, S3 Meta 0.8 cm3
        Assert.Equal(1, high["4-8"].All.TP);     // S1 HCC 5 cm3
        Assert.Equal(1, high["8-16"].All.FL);    // S4 Hem 10 cm3
        Assert.Equal(0, high["<0.5"].All.TP + high["2-4"].All.TP + high[">64"].All.TP);
    }

    [Fact]
    public void Abstention_keeps_the_most_confident_studies()
    {
        var curve = Run().Settings.Single(s => s.Setting == "diagnosis").Abstention.ToDictionary(a => a.KeepPercent);
        Assert.Equal(11, curve.Count);
        // All four: S1, S3 (uncertain, High+ReCls says Meta) found; S2 right, S4 wrong.
        Assert.Equal((3, 4), P(curve[100].Accuracy));
        // 70%: ceil(2.8) = 3 most confident (S1 0.95, S2 0.9, S4 0.6).
        Assert.Equal(3, curve[70].Kept);
        Assert.Equal(0.6, curve[70].MinConfidence, 9);
        Assert.Equal((2, 3), P(curve[70].Accuracy));
        Assert.Equal((2, 2), P(curve[50].Accuracy));
    }

    [Fact]
    public void Screening_is_reported_separately_and_problems_are_listed()
    {
        var report = Run();
        var s = Assert.Single(report.Settings, x => x.Setting == "screening");
        Assert.Equal(1, s.Studies);
        Assert.Equal((1, 1), P(s.UncertainRate));
        Assert.Equal((0, 1), P(s.Patient.Single(p => p.Model == "Base").Sensitivity));
        Assert.Equal((1, 1), P(s.Patient.Single(p => p.Model == "High+ReCls").Sensitivity));
        Assert.Equal(0, s.Patient.Single(p => p.Model == "Base+ReCls & High+ReCls").Studies);
        Assert.Contains(report.Problems, p => p.StudyInstanceUid == "S6" && p.Kind == "missing");
        Assert.Contains(report.Problems, p => p.Kind == "unreadable" && p.Message.StartsWith("broken.json: not a study result document"));
        Assert.Equal(5, report.Evaluated);
    }

    [Fact]
    public void Every_markdown_section_and_the_json_carry_the_synthetic_label()
    {
        var report = Run();
        var md = MarkdownReport.Render(report);
        Assert.StartsWith("# LiverScreen evaluation: synthetic phantom results — not clinical performance", md);
        var sections = md.Split("\n## ").Skip(1).ToList();
        Assert.NotEmpty(sections);
        Assert.All(sections, s => Assert.Contains("Synthetic phantom results — not clinical performance", s));
        Assert.Contains("| **70%** | 3 |", md);
        var json = EvaluationJson.Serialize(report);
        Assert.Contains("\"title\": \"LiverScreen evaluation: synthetic phantom results — not clinical performance\"", json);
        Assert.Contains("\"synthetic\": true", json);
    }

    [Fact]
    public void Targets_compare_the_joint_model_with_issue_6_thresholds_and_flag_small_cohorts()
    {
        var targets = Run().Targets;
        TargetCheck T(string name, string setting) => targets.Single(t => t.Name.StartsWith(name, StringComparison.Ordinal) && t.Setting == setting);

        // Diagnosis joint: S1 found (1/1 malignant, S3 uncertain and left out) -> 100% >= 99%; S2 right, S4 "HCC" -> 1/2.
        var sens = T("malignancy sensitivity", "diagnosis");
        Assert.Equal((TargetStatus.Met, 1, 1), (sens.Status, sens.Measured.Successes, sens.Measured.Total));
        Assert.Equal(0.99, sens.Threshold);
        Assert.Equal((4, 200), (sens.CohortStudies, sens.RequiredStudies));
        Assert.Contains("smaller than the 200", sens.Note);
        Assert.Equal(TargetStatus.NotMet, T("malignancy specificity", "diagnosis").Status);
        // One uncertain of four: 25% > 5%.
        var uncertain = T("uncertain rate", "diagnosis");
        Assert.True(uncertain.AtMost);
        Assert.Equal((TargetStatus.NotMet, 1, 4), (uncertain.Status, uncertain.Measured.Successes, uncertain.Measured.Total));
        // Screening: the only study is uncertain, so the joint model has no malignant case to measure.
        Assert.Equal(TargetStatus.NotAssessable, T("malignancy sensitivity", "screening").Status);
        Assert.Equal(500, T("malignancy sensitivity", "screening").RequiredStudies);
        // Abstention: 3/4 right on all, 2/3 on the most confident 70%: the confidence does not help here.
        var abst = T("accuracy on the most confident 70%", "diagnosis");
        Assert.Equal((TargetStatus.NotMet, 2, 3), (abst.Status, abst.Measured.Successes, abst.Measured.Total));
        Assert.Equal(0.75, abst.Threshold, 9);
        // Lesions >= 1 cm3, joint, both settings (S5 is uncertain): S1's HCC found (1/1); S4's 10 cm3 "HCC" is a false
        // label on a haemangioma, so precision 1/2.
        var recall = T("malignant lesion recall", "both");
        Assert.Equal((TargetStatus.Met, 1, 1), (recall.Status, recall.Measured.Successes, recall.Measured.Total));
        var precision = T("malignant lesion precision", "both");
        Assert.Equal((TargetStatus.NotMet, 1, 2), (precision.Status, precision.Measured.Successes, precision.Measured.Total));

        var md = MarkdownReport.Render(Run());
        Assert.Contains("## Targets (issue 6) beside the measured numbers", md);
        Assert.Contains("| malignancy sensitivity | diagnosis | Base+ReCls & High+ReCls | >= 99.0% | 100.0% (", md);
        Assert.Contains("| 4 of 200 | **met** |", md);
        Assert.Contains("**not met**", md);
        Assert.Contains("![Abstention curve, diagnosis (synthetic phantoms)](abstention-diagnosis.svg)", md);
    }

    [Fact]
    public void Several_truth_files_are_pooled_split_by_setting_and_a_repeated_study_is_reported()
    {
        var one = TruthJson.Parse(TruthJsonText);
        var diagnosis = one with { Preset = "diagnosis", Seed = 7100, Studies = one.Studies.Where(s => s.Setting == StudySetting.Diagnosis).ToList() };
        var screening = one with { Preset = "screening", Seed = 7200, Studies = [.. one.Studies.Where(s => s.Setting == StudySetting.Screening), one.Studies[0]] };
        _ = Run();
        var loaded = ResultFiles.List(_dir).Select(ResultFiles.Read).ToList();

        var pooled = CohortEvaluator.Evaluate([diagnosis, screening], loaded);
        var single = CohortEvaluator.Evaluate(one, loaded);

        static string Patients(EvaluationReport r) => System.Text.Json.JsonSerializer.Serialize(r.Settings.Select(s => s.Patient), EvaluationJson.Options);
        Assert.Equal(Patients(single), Patients(pooled));
        Assert.Equal(2, pooled.Settings.Count);
        Assert.Equal(single.Evaluated, pooled.Evaluated);
        Assert.Equal([("diagnosis", (long?)7100, 4), ("screening", 7200, 3)], pooled.Cohorts.Select(c => (c.Preset!, c.Seed, c.Studies)));
        Assert.Contains(pooled.Problems, p => p.StudyInstanceUid == "S1" && p.Kind == "duplicate-truth");
        Assert.Equal("diagnosis+screening", pooled.Preset);
    }

    [Fact]
    public void The_report_names_the_models_of_the_results_and_warns_when_they_mix_versions()
    {
        var seg = new ModelRef("liver-seg", "0.3.0", "aaaa0000bbbb1111");
        var recls = new ModelRef("lesion-recls", "0.3.0", "cccc2222dddd3333");
        var oldRecls = new ModelRef("lesion-recls", "0.2.0", "eeee4444ffff5555");
        var none = Array.Empty<ResultLesion>();
        var truth = TruthJson.Parse(TruthJsonText);
        LoadedResult Loaded(string uid, params ModelRef[] models) =>
            new(uid + ".json", R(uid, StudySetting.Diagnosis, none, none, none, 0.5) with { Models = models }, null);

        var same = CohortEvaluator.Evaluate(truth, [Loaded("S1", seg, recls), Loaded("S2", seg, recls), Loaded("S9", seg, oldRecls)]);
        // S9 is not in the truth: its model does not count.
        Assert.Equal([new ModelUsage("lesion-recls", "0.3.0", recls.Sha256, 2), new ModelUsage("liver-seg", "0.3.0", seg.Sha256, 2)], same.Models);
        Assert.Empty(same.MixedModels);
        var md = MarkdownReport.Render(same);
        Assert.Contains("Models (from the results): lesion-recls 0.3.0 (sha256 cccc2222dddd, 2 studies); liver-seg 0.3.0", md, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning", md, StringComparison.Ordinal);

        var mixed = CohortEvaluator.Evaluate(truth, [Loaded("S1", seg, recls), Loaded("S2", seg, oldRecls)]);
        Assert.Equal(["lesion-recls"], mixed.MixedModels);
        Assert.Contains("**Warning: the results mix versions of lesion-recls**", MarkdownReport.Render(mixed), StringComparison.Ordinal);
        Assert.Contains("\"mixedModels\": [\n    \"lesion-recls\"", EvaluationJson.Serialize(mixed).ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Truth_with_the_wrong_format_is_rejected_with_the_reason()
    {
        var ex = Assert.ThrowsAny<System.Text.Json.JsonException>(() => TruthJson.Parse("{\"format\":\"other/2\",\"synthetic\":true,\"studies\":[]}"));
        Assert.Contains("expected 'liverscreen-truth/1'", ex.Message);
    }
}
