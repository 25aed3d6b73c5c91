using System.Globalization;
using System.Text;

namespace LiverScreen.Pipeline.Reports;

/// <summary>worklist.csv for follow-up coordinators: suspected malignant first, then uncertain; one line per patient,
/// the lesions summarised as "HCC 24mm; Cyst 8mm".</summary>
public static class WorklistCsvWriter
{
    public const string Header = "priority,category,studyKey,patientId,studyInstanceUid,confidence,reason,site,lesions";

    public static string Write(PopulationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sb = new StringBuilder();
        sb.Append(Header).Append("\r\n");
        foreach (var e in report.Worklist)
        {
            var lesions = string.Join("; ", e.Lesions.Select(l => $"{l.Type} {l.DiameterMm.ToString("0", CultureInfo.InvariantCulture)}mm"));
            Csv.Line(sb, Csv.Field(e.Priority), e.Category.ToString(), Csv.Field(e.StudyKey), Csv.Field(e.PatientId), Csv.Field(e.StudyInstanceUid),
                Csv.Field(e.Confidence), Csv.Field(e.Reason), Csv.Field(e.Site), Csv.Field(lesions));
        }

        return sb.ToString();
    }
}
