using System.Globalization;
using System.Text;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Statistics;
using LiverScreen.Evaluation.Targets;

namespace LiverScreen.Evaluation.Reports;

/// <summary>Renders the evaluation as Markdown in the layout of paper 002's tables. Every section repeats the
/// synthetic-phantom label so no excerpt can be mistaken for clinical performance.</summary>
public static class MarkdownReport
{
    private const string Label = "_Synthetic phantom results — not clinical performance._";

    public static string Render(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# {report.Title}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"> **{report.Notice}**");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Preset: {report.Preset ?? "-"}; studies in truth: {report.TruthStudies}; evaluated: {report.Evaluated}; left out: {report.Problems.Count}.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Lesion matching (paper 002 Eq. 7 on coordinates): {report.MatchRule}.");
        sb.AppendLine("Intervals are Wilson 95% score intervals. Precision = TP' / (TP' + FP + FL'), recall = TP / (TP + FL + FN), rough recall = (TP + FL) / (TP + FL + FN).");
        if (report.Cohorts.Count > 0)
        {
            sb.AppendLine("Cohorts (held-out phantom seeds): " + string.Join("; ", report.Cohorts.Select(c =>
                string.Create(CultureInfo.InvariantCulture, $"{c.Preset ?? "?"} seed {(c.Seed is { } seed ? seed.ToString(CultureInfo.InvariantCulture) : "?")}, {c.Studies} studies"))) + ".");
        }

        if (report.Models.Count > 0)
        {
            sb.AppendLine("Models (from the results): " + string.Join("; ", report.Models.Select(m =>
                string.Create(CultureInfo.InvariantCulture, $"{m.Name} {m.Version} (sha256 {m.Sha256[..Math.Min(12, m.Sha256.Length)]}, {m.Studies} studies)"))) + ".");
        }

        if (report.MixedModels.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"> **Warning: the results mix versions of {string.Join(", ", report.MixedModels)}** (see the model list above): no number in this report belongs to a single model. Screen again into an empty --work folder.");
        }

        if (report.Command is not null)
        {
            sb.AppendLine();
            sb.AppendLine("Reproduce with:");
            sb.AppendLine();
            sb.AppendLine("```");
            sb.AppendLine(report.Command);
            sb.AppendLine("```");
        }

        foreach (var note in report.Notes)
        {
            sb.AppendLine();
            sb.AppendLine(note);
        }

        sb.AppendLine();
        RenderTargets(sb, report.Targets);
        foreach (var s in report.Settings)
        {
            RenderSetting(sb, s);
        }

        if (report.PooledJointLesions is { } pooled)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"## Lesion level, both settings pooled: {pooled.Model} ({pooled.Studies} studies)");
            sb.AppendLine();
            sb.AppendLine(Label);
            sb.AppendLine();
            RenderLesionTables(sb, pooled);
        }

        if (report.Problems.Count > 0)
        {
            sb.AppendLine("## Studies left out");
            sb.AppendLine();
            sb.AppendLine(Label);
            sb.AppendLine();
            sb.AppendLine("| study | kind | reason |");
            sb.AppendLine("|---|---|---|");
            foreach (var p in report.Problems)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {p.StudyInstanceUid} | {p.Kind} | {Escape(p.Message)} |");
            }

            sb.AppendLine();
        }

        return sb.ToString();
    }

    private static void RenderSetting(StringBuilder sb, SettingReport s)
    {
        var name = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.Setting);
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {name} setting ({s.Studies} studies)");
        sb.AppendLine();
        sb.AppendLine(Label);
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"### Patient level: malignancy (paper 002 Table IV) — {name}");
        sb.AppendLine();
        sb.AppendLine(Label);
        sb.AppendLine();
        sb.AppendLine("| model | studies | sensitivity | specificity | patient-class accuracy | uncertain |");
        sb.AppendLine("|---|---:|---|---|---|---:|");
        foreach (var p in s.Patient)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {p.Model} | {p.Studies} | {Pct(p.Sensitivity)} | {Pct(p.Specificity)} | {Pct(p.ClassAccuracy)} | {p.Uncertain} |");
        }

        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Uncertain rate (joint model): {Pct(s.UncertainRate)}. The joint row counts only studies where Base+ReCls and High+ReCls agree (paper 002 section V-B).");
        sb.AppendLine();

        foreach (var m in s.Lesions)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"### Lesion level: {m.Model} — {name} ({m.Studies} studies)");
            sb.AppendLine();
            sb.AppendLine(Label);
            sb.AppendLine();
            RenderLesionTables(sb, m);
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"### Abstention curve (paper 001) — {name}");
        sb.AppendLine();
        sb.AppendLine(Label);
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"![Abstention curve, {s.Setting} (synthetic phantoms)]({AbstentionSvg.FileName(s.Setting)})");
        sb.AppendLine();
        sb.AppendLine("Final decision (joint; uncertain studies counted with High+ReCls's malignancy) on the most confident k% of studies. **Bold**: paper 001's 70% point.");
        sb.AppendLine();
        sb.AppendLine("| kept | studies | min confidence | sensitivity | specificity | accuracy |");
        sb.AppendLine("|---|---:|---:|---|---|---|");
        foreach (var a in s.Abstention)
        {
            var k = a.KeepPercent == 70 ? "**70%**" : a.KeepPercent.ToString(CultureInfo.InvariantCulture) + "%";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {k} | {a.Kept} | {a.MinConfidence:0.000} | {Pct(a.Sensitivity)} | {Pct(a.Specificity)} | {Pct(a.Accuracy)} |");
        }

        sb.AppendLine();
    }

    private static void RenderTargets(StringBuilder sb, IReadOnlyList<TargetCheck> targets)
    {
        if (targets.Count == 0)
        {
            return;
        }

        sb.AppendLine("## Targets (issue 6) beside the measured numbers");
        sb.AppendLine();
        sb.AppendLine(Label);
        sb.AppendLine();
        sb.AppendLine("Met / not met compares the point estimate with the target; the 95% interval shows how far a cohort of this size can be trusted.");
        sb.AppendLine();
        sb.AppendLine("| target | setting | model | target value | measured (95% CI) | studies | status | note |");
        sb.AppendLine("|---|---|---|---|---|---:|---|---|");
        foreach (var t in targets)
        {
            var bound = t.AtMost ? "<=" : t.Name.StartsWith("accuracy on the most confident", StringComparison.Ordinal) ? ">" : ">=";
            var status = t.Status switch
            {
                TargetStatus.Met => "**met**",
                TargetStatus.NotMet => "**not met**",
                _ => "not assessable",
            };
            var studies = t.RequiredStudies is { } r ? $"{t.CohortStudies} of {r}" : t.CohortStudies.ToString(CultureInfo.InvariantCulture);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Name} | {t.Setting} | {t.Model} | {bound} {t.Threshold * 100:0.0#}% | {Pct(t.Measured)} | {studies} | {status} | {Escape(t.Note)} |");
        }

        sb.AppendLine();
    }

    private static void RenderLesionTables(StringBuilder sb, ModelLesionReport m)
    {
        sb.AppendLine("| type | FN | FP | FL | TP | precision | recall | rough recall |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|---|---|");
        foreach (var r in m.ByType.Append(m.MalignantAtLeast1Cc))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {r.Group} | {r.FN} | {r.FP} | {r.FL} | {r.TP} | {Pct(r.Precision)} | {Pct(r.Recall)} | {Pct(r.RoughRecall)} |");
        }

        sb.AppendLine();
        sb.AppendLine("By volume (cm3, paper 002 Table I bins; truth volume for TP/FL/FN, predicted volume for FP):");
        sb.AppendLine();
        sb.AppendLine("| bin | All FN | All FP | All FL | All TP | All recall | Malig FN | Malig FP | Malig TP | Malig recall | Malig precision |");
        sb.AppendLine("|---|---:|---:|---:|---:|---|---:|---:|---:|---|---|");
        foreach (var b in m.BySize)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {b.Bin} | {b.All.FN} | {b.All.FP} | {b.All.FL} | {b.All.TP} | {Pct(b.All.Recall)} | {b.Malig.FN} | {b.Malig.FP} | {b.Malig.TP} | {Pct(b.Malig.Recall)} | {Pct(b.Malig.Precision)} |");
        }

        sb.AppendLine();
    }

    /// <summary>"97.5% (95.1-98.8) 39/40", or "-" with no cases.</summary>
    public static string Pct(Proportion p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (p.Total == 0)
        {
            return "- (0/0)";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{p.Value * 100:0.0}% ({p.CiLow * 100:0.0}-{p.CiHigh * 100:0.0}) {p.Successes}/{p.Total}");
    }

    private static string Escape(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
