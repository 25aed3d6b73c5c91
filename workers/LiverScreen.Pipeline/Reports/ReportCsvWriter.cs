using System.Text;

namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// report.csv: every rate of the report in one long table (section, group, key, count, denominator, rate, lower95,
/// upper95) so a spreadsheet can pivot it; studies.csv: one line per study.
/// </summary>
public static class ReportCsvWriter
{
    public const string Header = "section,group,key,count,denominator,rate,lower95,upper95";
    public const string StudiesHeader = "studyKey,patientId,studyInstanceUid,status,category,confidence,reason,lesions,site,manufacturer,sex,age,failureStage,failureCode";

    public static string Write(PopulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(Header).Append("\r\n");
        foreach (var c in report.Categories)
        {
            Row(sb, "category", "all", c.Category.ToString(), c.Share);
        }

        Csv.Line(sb, "detection", "all", "perThousandScreened", "", "", Csv.Field(report.DetectionRatePer1000), Csv.Field(report.DetectionRatePer1000Lower95), Csv.Field(report.DetectionRatePer1000Upper95));
        Row(sb, "uncertain", "all", "rate", report.UncertainRate);
        Row(sb, "failure", "all", "rate", report.FailureRate);
        foreach (var r in report.FailuresByReason)
        {
            Row(sb, "failureReason", r.Stage ?? "", r.Reason, r.Share);
        }

        foreach (var r in report.UncertainByReason)
        {
            Row(sb, "uncertainReason", "", r.Reason, r.Share);
        }

        foreach (var b in report.Breakdowns)
        {
            foreach (var g in b.Groups)
            {
                Row(sb, b.Dimension, g.Value, "SuspectedMalignant", g.SuspectedMalignant);
                Row(sb, b.Dimension, g.Value, "Uncertain", g.Uncertain);
                Row(sb, b.Dimension, g.Value, "Failed", g.Failed);
            }
        }

        foreach (var l in report.LesionTypes)
        {
            Csv.Line(sb, "lesionType", l.Type.ToString(), "lesions", Csv.Field(l.Lesions), "", "", "", "");
            Csv.Line(sb, "lesionType", l.Type.ToString(), "medianDiameterMm", "", "", Csv.Field(l.MedianDiameterMm), "", "");
        }

        foreach (var t in report.Throughput.Stages)
        {
            Csv.Line(sb, "stageTiming", t.Stage, "meanMs", Csv.Field(t.Runs), "", Csv.Field(t.MeanMs), "", "");
        }

        Csv.Line(sb, "throughput", "all", "studiesPerHour", Csv.Field(report.Studies), "", Csv.Field(report.Throughput.StudiesPerHour), "", "");
        return sb.ToString();
    }

    public static string WriteStudies(PopulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(StudiesHeader).Append("\r\n");
        foreach (var s in report.StudyLines)
        {
            Csv.Line(sb, Csv.Field(s.StudyKey), Csv.Field(s.PatientId), Csv.Field(s.StudyInstanceUid), s.Status, s.Category?.ToString() ?? "",
                Csv.Field(s.Confidence), Csv.Field(s.Reason), Csv.Field(s.Lesions), Csv.Field(s.Site), Csv.Field(s.Manufacturer), Csv.Field(s.Sex),
                Csv.Field(s.AgeYears), s.FailureStage ?? "", Csv.Field(s.FailureCode));
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string section, string group, string key, Proportion p) =>
        Csv.Line(sb, section, Csv.Field(group), Csv.Field(key), Csv.Field(p.Count), Csv.Field(p.Denominator), Csv.Field(p.Rate), Csv.Field(p.Lower95), Csv.Field(p.Upper95));
}
