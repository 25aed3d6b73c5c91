namespace LiverScreen.Pipeline.Reports;

/// <summary>The files of a population report, under the batch's report prefix in the store.</summary>
public static class ReportFileNames
{
    public const string Json = "report.json";
    public const string Csv = "report.csv";
    public const string Html = "report.html";
    public const string Studies = "studies.csv";
    public const string Worklist = "worklist.csv";

    public static IReadOnlyList<string> All { get; } = [Json, Csv, Html, Studies, Worklist];
}
