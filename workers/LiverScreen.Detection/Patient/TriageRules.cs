using System.Globalization;
using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Reclassification;

namespace LiverScreen.Detection.Patient;

/// <summary>
/// Patient triage: technical failure first (no usable non-contrast phase, no liver found, liver cut off at the scan's ends),
/// then paper 002's joint decision (section V-B): uncertain where Base+ReCls and High+ReCls disagree, else
/// suspected-malignant (HCC, ICC, Meta), benign-finding (Hem, Other, Cyst) or no-finding. Every category comes with
/// reasons written for a screening coordinator.
/// </summary>
public static class TriageRules
{
    public static TriageDecision Decide(StudyDetection? detection, IReadOnlyList<PhaseStatus> phases, TriageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(phases);
        options ??= TriageOptions.Default;
        var failures = new List<string>();
        var notes = new List<string>();
        foreach (var p in phases.Where(p => !p.Usable))
        {
            notes.Add($"The {p.Phase} series {p.SeriesInstanceUid} could not be used: {p.Problem ?? "no reason given"}.");
        }

        if (!phases.Any(p => p.Usable && p.Phase == Phase.NC))
        {
            failures.Add(phases.Any(p => p.Phase == Phase.NC)
                ? "The non-contrast (NC) series is unreadable; every setting needs it."
                : "No non-contrast (NC) series was found; every setting needs it.");
        }

        if (detection is null)
        {
            failures.Add("Detection did not run on this study.");
        }
        else
        {
            var liver = detection.Liver;
            if (liver.VolumeCc < options.MinLiverCc)
            {
                failures.Add(Invariant($"No liver found: only {liver.VolumeCc:0} cm3 was segmented as liver (at least {options.MinLiverCc:0} cm3 expected). Check that the scan covers the upper abdomen."));
            }
            else
            {
                var firstEnd = liver.FirstSliceIsSuperior ? "top (superior)" : "bottom (inferior)";
                var lastEnd = liver.FirstSliceIsSuperior ? "bottom (inferior)" : "top (superior)";
                if (liver.FirstSliceFraction > options.MaxEdgeSliceFraction)
                {
                    failures.Add(Invariant($"The liver is cut off at the {firstEnd} of the scan: the first slice still shows {liver.FirstSliceFraction * 100:0}% of the largest liver cross-section. Lesions beyond the scan cannot be excluded; rescan or read manually."));
                }

                if (liver.LastSliceFraction > options.MaxEdgeSliceFraction)
                {
                    failures.Add(Invariant($"The liver is cut off at the {lastEnd} of the scan: the last slice still shows {liver.LastSliceFraction * 100:0}% of the largest liver cross-section. Lesions beyond the scan cannot be excluded; rescan or read manually."));
                }
            }
        }

        if (failures.Count > 0)
        {
            return new TriageDecision(TriageCategory.TechnicalFailure, [.. failures, .. notes]);
        }

        var d = detection!;
        var joint = d.Joint;
        if (joint.Uncertain)
        {
            var reasons = new List<string>
            {
                $"The two sensitivity settings disagree: base sensitivity says {Describe(joint.BaseRecls)}, high sensitivity says {Describe(joint.HighRecls)}. A radiologist should read this study.",
            };
            var onlyHigh = d.HighRecls.Kept.Where(l => !d.HighFoundAtBase.Contains(l.Lesion.Id))
                .OrderBy(l => PatientClassifier.Rank(l.Lesion.Type)).Take(3);
            reasons.AddRange(onlyHigh.Select(l => "Found only at high sensitivity: " + Describe(l, d) + "."));
            return new TriageDecision(TriageCategory.Uncertain, [.. reasons, .. notes]);
        }

        var cls = joint.BaseRecls;
        var top = d.HighRecls.Kept.OrderBy(l => PatientClassifier.Rank(l.Lesion.Type)).ThenByDescending(l => l.Lesion.VolumeCc).ToList();
        if (PatientClassifier.IsMalignant(cls))
        {
            var malignant = top.Where(l => PatientClassifier.IsMalignant(l.Lesion.Type)).ToList();
            var reasons = new List<string> { $"Suspected malignant lesion ({Describe(cls)}): {malignant.Count} malignant-type lesion(s); both sensitivity settings agree on the patient class." };
            reasons.AddRange(malignant.Take(3).Select(l => Describe(l, d) + "."));
            return new TriageDecision(TriageCategory.SuspectedMalignant, [.. reasons, .. notes]);
        }

        if (cls != PatientClass.Normal)
        {
            var reasons = new List<string> { $"Benign-appearing finding only ({Describe(cls)}); no malignant-type lesion at either sensitivity setting." };
            reasons.AddRange(top.Take(3).Select(l => Describe(l, d) + "."));
            return new TriageDecision(TriageCategory.BenignFinding, [.. reasons, .. notes]);
        }

        var beside = d.HighRecls.Discarded.Count(l => l.BesideLiver);
        var discarded = d.HighRecls.Discarded.Count - beside;
        var none = new List<string> { "No liver lesion was kept at either sensitivity setting." };
        if (discarded > 0)
        {
            none.Add($"{discarded} candidate(s) from the high-sensitivity setting were rejected by the reclassifier as normal liver.");
        }

        if (beside > 0)
        {
            none.Add($"{beside} candidate(s) from the high-sensitivity setting lay beside the liver, not in it, and were set aside.");
        }

        return new TriageDecision(TriageCategory.NoFinding, [.. none, .. notes]);
    }

    private static string Describe(PatientClass c) => c == PatientClass.Normal ? "no lesion" : c.ToString();

    private static string Describe(ReclassifiedLesion l, StudyDetection d)
    {
        var c = l.Lesion.CenterLps;
        var both = d.HighFoundAtBase.Contains(l.Lesion.Id) ? "found at both sensitivities" : "found at high sensitivity only";
        var retyped = l.OriginalType != l.Lesion.Type ? $", retyped from {l.OriginalType}" : string.Empty;
        return Invariant($"{l.Lesion.Type} lesion #{l.Lesion.Id}, {l.Lesion.DiameterMm:0} mm, {l.Lesion.VolumeCc:0.0} cm3, key slice {l.Lesion.KeySlice}, centre ({c.X:0}, {c.Y:0}, {c.Z:0}) mm, score {l.Score:0.00}, {both}{retyped}");
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
