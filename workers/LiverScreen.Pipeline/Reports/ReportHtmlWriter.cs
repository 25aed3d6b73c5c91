using System.Globalization;
using System.Net;
using System.Text;

namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG, no scripts, no external resources) so it opens from a
/// file share or an e-mail attachment. Charts: triage categories with 95% intervals, lesion types, breakdowns,
/// failures by reason, stage timings. Flagged lesions show their key slice when a renderer supplied one.
/// </summary>
public static class ReportHtmlWriter
{
    public static string Write(PopulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>LiverScreen population report: ")
            .Append(E(report.BatchName)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}")
            .Append("table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:13px}")
            .Append(".note{background:#fff4d6;border:1px solid #e0c060;padding:8px;margin:8px 0}.charts{display:flex;flex-wrap:wrap;gap:24px}")
            .Append("img.keyslice{width:128px;height:128px;image-rendering:pixelated;border:1px solid #999}")
            .Append("</style></head><body>");
        sb.Append("<h1>Population screening report: ").Append(E(report.BatchName)).Append("</h1>");
        sb.Append("<p class=\"note\">").Append(E(report.Disclaimer)).Append("</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<p id=\"summary\">{report.Studies} studies: {report.Completed} completed, {report.Failed} failed. ")
            .Append(CultureInfo.InvariantCulture, $"Detection rate {report.DetectionRatePer1000:0.0} per 1,000 screened (95% CI {report.DetectionRatePer1000Lower95:0.0}-{report.DetectionRatePer1000Upper95:0.0}). ")
            .Append(CultureInfo.InvariantCulture, $"Throughput {report.Throughput.StudiesPerHour:0.0} studies/hour over {report.Throughput.WallSeconds:0.0} s.</p>");

        sb.Append("<h2>Triage categories</h2><div class=\"charts\">");
        sb.Append(SvgBarChart.Render("Share of studies (95% Wilson interval)",
            report.Categories.Select(c => (c.Category.ToString(), c.Share.Rate, (double?)c.Share.Lower95, (double?)c.Share.Upper95, Pct(c.Share))).ToList(), 1));
        sb.Append("</div>");

        sb.Append("<h2>Lesions</h2><div class=\"charts\">");
        sb.Append(SvgBarChart.Render("Lesions by type",
            report.LesionTypes.Select(l => (l.Type.ToString(), (double)l.Lesions, (double?)null, (double?)null, $"{l.Lesions} in {l.Patients} pts, median {l.MedianDiameterMm:0} mm")).ToList()));
        sb.Append("</div><table><tr><th>type</th><th>lesions</th><th>patients</th><th>median mm</th><th>max mm</th><th>&lt;10</th><th>10-20</th><th>20-50</th><th>&ge;50</th></tr>");
        foreach (var l in report.LesionTypes)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{l.Type}</td><td>{l.Lesions}</td><td>{l.Patients}</td><td>{l.MedianDiameterMm:0.0}</td><td>{l.MaxDiameterMm:0.0}</td>");
            foreach (var bin in l.SizeBins)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<td>{bin}</td>");
            }

            sb.Append("</tr>");
        }

        sb.Append("</table><h2>Breakdowns</h2><div class=\"charts\">");
        foreach (var b in report.Breakdowns)
        {
            sb.Append(SvgBarChart.Render($"Suspected malignant by {b.Dimension}",
                b.Groups.Select(g => (g.Value, g.SuspectedMalignant.Rate, (double?)g.SuspectedMalignant.Lower95, (double?)g.SuspectedMalignant.Upper95, Pct(g.SuspectedMalignant))).ToList(), 1));
        }

        sb.Append("</div><h2>Uncertain and failed studies</h2>");
        sb.Append(CultureInfo.InvariantCulture, $"<p>Uncertain: {Pct(report.UncertainRate)}. Failed: {Pct(report.FailureRate)}.</p><div class=\"charts\">");
        sb.Append(SvgBarChart.Render("Failures by reason",
            report.FailuresByReason.Select(r => ($"{r.Reason} ({r.Stage})", (double)r.Share.Count, (double?)null, (double?)null, Pct(r.Share))).ToList()));
        sb.Append(SvgBarChart.Render("Uncertain by reason",
            report.UncertainByReason.Select(r => (r.Reason, (double)r.Share.Count, (double?)null, (double?)null, Pct(r.Share))).ToList()));
        sb.Append("</div>");

        sb.Append("<h2>Throughput and stage timings</h2><div class=\"charts\">");
        sb.Append(SvgBarChart.Render("Mean ms per study",
            report.Throughput.Stages.Select(t => (t.Stage, t.MeanMs, (double?)null, (double?)null, $"{t.MeanMs:0} ms (p95 {t.P95Ms:0})")).ToList()));
        sb.Append(CultureInfo.InvariantCulture, $"</div><p>Share of stage time outside model inference: {report.Throughput.OutsideInferenceShare:P0}.</p>");

        sb.Append("<h2>Models</h2><table><tr><th>stage</th><th>model</th><th>version</th><th>studies</th></tr>");
        foreach (var m in report.Models)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(m.Stage)}</td><td>{E(m.Name)}</td><td>{E(m.Version)}</td><td>{m.Studies}</td></tr>");
        }

        sb.Append("</table><h2>Worklist (suspected malignant, then uncertain)</h2><table id=\"worklist\"><tr><th>#</th><th>category</th><th>study</th><th>patient</th><th>confidence</th><th>reason</th><th>lesions</th></tr>");
        foreach (var e in report.Worklist)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Priority}</td><td>{e.Category}</td><td>{E(e.StudyKey)}</td><td>{E(e.PatientId ?? "")}</td><td>{e.Confidence:0.00}</td><td>{E(e.Reason)}</td><td>");
            foreach (var l in e.Lesions)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<div>{l.Type} {l.DiameterMm:0} mm");
                sb.Append(l.KeySlicePngDataUri is not null
                    ? $"<br><img class=\"keyslice\" alt=\"key slice of lesion {l.Index}\" src=\"{E(l.KeySlicePngDataUri)}\">"
                    : " <small>(no key-slice image)</small>");
                sb.Append("</div>");
            }

            sb.Append("</td></tr>");
        }

        sb.Append("</table><p><small>").Append(E(report.Format)).Append(", batch ").Append(report.BatchId.ToString()).Append("</small></p></body></html>");
        return sb.ToString();
    }

    private static string Pct(Proportion p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Count}/{p.Denominator} = {p.Rate:P1} ({p.Lower95:P1}-{p.Upper95:P1})");

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
