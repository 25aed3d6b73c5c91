using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Patient;

namespace LiverScreen.Detection.Tests;

public class StudyDetectorTests
{
    [Fact]
    public void A_confident_malignant_lesion_is_found_at_both_points_and_triaged_suspected_malignant()
    {
        var d = StudyScenes.Run(strong: true);
        Assert.Equal(PatientClass.HCC, d.Base.PatientClass);
        Assert.Equal(PatientClass.HCC, d.BaseRecls.PatientClass);
        Assert.Equal(PatientClass.HCC, d.HighRecls.PatientClass);
        Assert.False(d.Joint.Uncertain);
        var lesion = Assert.Single(d.HighRecls.Kept);
        Assert.Contains(lesion.Lesion.Id, d.HighFoundAtBase);

        var triage = TriageRules.Decide(d, StudyScenes.NcOnly);
        Assert.Equal(TriageCategory.SuspectedMalignant, triage.Category);
        Assert.Contains(triage.Reasons, r => r.Contains("HCC lesion #1") && r.Contains("found at both sensitivities"));
        Assert.True(StudyConfidence.MalignancyScore(d) > 0.5);
    }

    [Fact]
    public void A_lesion_only_the_high_point_finds_makes_the_study_uncertain_with_a_reason_naming_it()
    {
        var d = StudyScenes.Run(weak: true);
        Assert.Equal(PatientClass.Normal, d.BaseRecls.PatientClass);
        Assert.Equal(PatientClass.HCC, d.HighRecls.PatientClass);  // the reclassifier votes HCC for the bright candidate
        Assert.True(d.Joint.Uncertain);

        var triage = TriageRules.Decide(d, StudyScenes.NcOnly);
        Assert.Equal(TriageCategory.Uncertain, triage.Category);
        Assert.Contains("base sensitivity says no lesion, high sensitivity says HCC", triage.Reasons[0]);
        Assert.Contains(triage.Reasons, r => r.StartsWith("Found only at high sensitivity: HCC lesion") && r.Contains("retyped from Meta"));
    }

    [Fact]
    public void Confidence_ranks_clean_decisions_above_near_misses_above_disagreements()
    {
        var clean = StudyConfidence.Compute(StudyScenes.Run(strong: true));
        var normal = StudyConfidence.Compute(StudyScenes.Run());
        var options = StudyScenes.Options with { Reclassification = StudyScenes.Options.Reclassification with { MinOverlapCc = 2.5 } };
        var nearMissDetection = StudyScenes.Run(nearMiss: true, options: options);
        Assert.Equal(PatientClass.Normal, nearMissDetection.HighRecls.PatientClass);
        var nearMiss = StudyConfidence.Compute(nearMissDetection);
        var uncertain = StudyConfidence.Compute(StudyScenes.Run(weak: true));

        Assert.InRange(clean, 0.9, 1.0);
        Assert.Equal(1.0, normal, 9);
        Assert.InRange(nearMiss, 0.5, 0.85);
        Assert.InRange(uncertain, 0.0, 0.35);
        Assert.True(normal > nearMiss && nearMiss > uncertain);
    }

    [Fact]
    public void No_finding_when_nothing_is_found()
    {
        var triage = TriageRules.Decide(StudyScenes.Run(), StudyScenes.NcOnly);
        Assert.Equal(TriageCategory.NoFinding, triage.Category);
        Assert.Equal("No liver lesion was kept at either sensitivity setting.", triage.Reasons[0]);
    }

    [Fact]
    public void Technical_failure_when_no_liver_is_found()
    {
        var triage = TriageRules.Decide(StudyScenes.Run(liver: "none"), StudyScenes.NcOnly);
        Assert.Equal(TriageCategory.TechnicalFailure, triage.Category);
        Assert.StartsWith("No liver found: only 0 cm3", triage.Reasons[0]);
    }

    [Fact]
    public void Technical_failure_when_the_liver_is_cut_off_at_both_ends()
    {
        var d = StudyScenes.Run(liver: "full");
        var triage = TriageRules.Decide(d, StudyScenes.NcOnly);
        Assert.Equal(TriageCategory.TechnicalFailure, triage.Category);
        Assert.Equal(2, triage.Reasons.Count(r => r.Contains("The liver is cut off")));
        // Axial grid with +z slices: slice 0 is the inferior end.
        Assert.Contains(triage.Reasons, r => r.Contains("bottom (inferior)") && r.Contains("first slice still shows 100%"));
    }

    [Fact]
    public void A_stray_liver_blob_at_the_scan_end_is_neither_a_cut_off_liver_nor_a_lesion()
    {
        var d = StudyScenes.Run(stray: true);
        Assert.Equal(TriageCategory.NoFinding, TriageRules.Decide(d, StudyScenes.NcOnly).Category);
        Assert.Equal(0, d.Liver.LastSliceVoxels);
        Assert.Empty(d.Base.Kept);

        // The same scene without the largest-component step and the dome trim (either removes it): the blob reads as a
        // liver cut off at the top, and its Meta as a lesion.
        var all = StudyScenes.Run(stray: true, options: StudyScenes.Options with { KeepLargestLiverComponent = false, DomeWaistRatio = 0 });
        var triage = TriageRules.Decide(all, StudyScenes.NcOnly);
        Assert.Equal(TriageCategory.TechnicalFailure, triage.Category);
        Assert.Contains(triage.Reasons, r => r.Contains("cut off at the top (superior)", StringComparison.Ordinal));
        Assert.Contains(all.Base.Kept, l => l.Lesion.Type == LesionType.Meta);
    }

    [Fact]
    public void A_blob_joined_to_the_liver_above_its_dome_is_trimmed_at_the_waist_so_the_liver_is_not_cut_off()
    {
        // Slice 7: the blob (23 x 36 voxels) joined to the tip on slice 6 (6 x 6): one component, so only the dome
        // trim removes it.
        var d = StudyScenes.Run(stray: true, attached: true);
        Assert.Equal(TriageCategory.NoFinding, TriageRules.Decide(d, StudyScenes.NcOnly).Category);
        Assert.Equal(0, d.Liver.LastSliceVoxels);
        Assert.Empty(d.Base.Kept);
        Assert.Empty(d.HighRecls.Kept);

        var untrimmed = StudyScenes.Run(stray: true, attached: true, options: StudyScenes.Options with { DomeWaistRatio = 0 });
        Assert.Equal(TriageCategory.TechnicalFailure, TriageRules.Decide(untrimmed, StudyScenes.NcOnly).Category);
        Assert.Contains(untrimmed.Base.Kept, l => l.Lesion.Type == LesionType.Meta);
    }

    [Fact]
    public void A_lesion_beside_the_liver_is_set_aside_before_the_reclassifier_and_the_reason_says_so()
    {
        var d = StudyScenes.Run(beside: true);

        Assert.Equal(PatientClass.HCC, d.Base.PatientClass);   // the paper's plain argmax keeps it: Base is unchanged
        foreach (var variant in new[] { d.BaseRecls, d.HighRecls })
        {
            Assert.Empty(variant.Kept);
            var set = Assert.Single(variant.Discarded);
            Assert.True(set.BesideLiver);
            Assert.Equal(0, set.Patches);
        }

        var triage = TriageRules.Decide(d, StudyScenes.NcOnly);
        Assert.Equal(TriageCategory.NoFinding, triage.Category);
        Assert.Contains("1 candidate(s) from the high-sensitivity setting lay beside the liver, not in it, and were set aside.", triage.Reasons);

        // With the rule off, the reclassifier sees the bright candidate and keeps it.
        var off = StudyScenes.Run(beside: true, options: StudyScenes.Options with { Reclassification = StudyScenes.Options.Reclassification with { MaxOutsideRim = 1 } });
        Assert.Equal(PatientClass.HCC, off.HighRecls.PatientClass);
        Assert.False(Assert.Single(off.HighRecls.Kept).BesideLiver);
    }

    [Fact]
    public void Technical_failure_when_the_non_contrast_phase_is_unreadable_and_other_problems_are_listed()
    {
        IReadOnlyList<PhaseStatus> phases =
        [
            new PhaseStatus(Phase.NC, "1.2.3.1", false, "pixel data truncated in file 0007.dcm"),
            new PhaseStatus(Phase.VP, "1.2.3.3", true),
        ];
        var triage = TriageRules.Decide(StudyScenes.Run(strong: true), phases);
        Assert.Equal(TriageCategory.TechnicalFailure, triage.Category);
        Assert.Equal("The non-contrast (NC) series is unreadable; every setting needs it.", triage.Reasons[0]);
        Assert.Contains("The NC series 1.2.3.1 could not be used: pixel data truncated in file 0007.dcm.", triage.Reasons);
    }

    [Fact]
    public void The_same_study_and_seed_give_the_same_detection()
    {
        var a = StudyScenes.Run(strong: true, weak: true);
        var b = StudyScenes.Run(strong: true, weak: true);
        Assert.Equal(a.HighRecls.Kept.Select(k => (k.Lesion.Id, k.Lesion.Type, k.Score)), b.HighRecls.Kept.Select(k => (k.Lesion.Id, k.Lesion.Type, k.Score)));
    }
}
