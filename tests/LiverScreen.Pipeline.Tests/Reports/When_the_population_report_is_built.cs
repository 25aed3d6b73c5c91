using System.Text.RegularExpressions;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Reports;

namespace LiverScreen.Pipeline.Tests.Reports;

public sealed partial class When_the_population_report_is_built
{
    private static readonly Guid Batch = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(1, 1000, 0.000177, 0.005648)]
    public void Should_give_the_95_percent_Wilson_interval(int k, int n, double lower, double upper)
    {
        var ci = WilsonInterval.Of(k, n);
        Assert.Equal(lower, ci.Lower, 4);
        Assert.Equal(upper, ci.Upper, 4);
    }

    [Fact]
    public void Should_count_categories_over_all_studies_and_detection_per_1000_screened()
    {
        var report = Build();

        Assert.Equal(5, report.Studies);
        Assert.Equal((4, 1), (report.Completed, report.Failed));
        var byCategory = report.Categories.ToDictionary(c => c.Category, c => c.Share);
        Assert.Equal(2, byCategory[TriageCategory.SuspectedMalignant].Count);
        Assert.Equal(0.4, byCategory[TriageCategory.SuspectedMalignant].Rate, 9);
        Assert.Equal(1, byCategory[TriageCategory.TechnicalFailure].Count);
        Assert.Equal(5, byCategory.Values.Sum(p => p.Count));
        Assert.Equal(500, report.DetectionRatePer1000, 9); // 2 malignant of 4 screened
        Assert.Equal(("no-liver", "Segment"), (report.FailuresByReason.Single().Reason, report.FailuresByReason.Single().Stage));
        Assert.Equal("low confidence", report.UncertainByReason.Single().Reason);
    }

    [Fact]
    public void Should_summarise_lesions_breakdowns_models_and_timings()
    {
        var report = Build();

        var hcc = report.LesionTypes.Single(l => l.Type == LesionType.HCC);
        Assert.Equal((2, 2, 30.0), (hcc.Lesions, hcc.Patients, hcc.MedianDiameterMm));
        Assert.Equal([0, 1, 1, 0], hcc.SizeBins);
        var sites = report.Breakdowns.Single(b => b.Dimension == "site").Groups.ToDictionary(g => g.Value);
        Assert.Equal((3, 2), (sites["A"].Studies, sites["A"].SuspectedMalignant.Count));
        Assert.Equal(["60-69", "80+", "<40"], report.Breakdowns.Single(b => b.Dimension == "ageBand").Groups.Select(g => g.Value));
        Assert.Equal("seg 1.0 4", $"{report.Models.Single().Name} {report.Models.Single().Version} {report.Models.Single().Studies}");
        var seg = report.Throughput.Stages.Single(t => t.Stage == "Segment");
        Assert.Equal((4, 1000.0), (seg.Runs, seg.MeanMs));
        Assert.Equal(3600.0 * 5 / 600, report.Throughput.StudiesPerHour, 6);
        Assert.Equal(1 - (4 * 600.0 / ((4 * 1000.0) + (4 * 100.0))), report.Throughput.OutsideInferenceShare, 9);
    }

    [Fact]
    public void Should_put_suspected_malignant_first_then_uncertain_in_the_worklist_csv()
    {
        var csv = WorklistCsvWriter.Write(Build()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(WorklistCsvWriter.Header, csv[0]);
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("1,SuspectedMalignant,s2,", csv[1], StringComparison.Ordinal); // confidence 0.95 before 0.8
        Assert.StartsWith("1,SuspectedMalignant,s1,", csv[2], StringComparison.Ordinal);
        Assert.StartsWith("2,Uncertain,s3,", csv[3], StringComparison.Ordinal);
        Assert.Contains("HCC 15mm; Cyst 6mm", csv[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_one_studies_csv_line_per_study_and_rates_with_intervals()
    {
        var report = Build();
        var studies = ReportCsvWriter.WriteStudies(report).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, studies.Length);
        Assert.Contains(studies, l => l.StartsWith("s5,", StringComparison.Ordinal) && l.Contains(",Failed,TechnicalFailure,", StringComparison.Ordinal) && l.EndsWith(",Segment,no-liver", StringComparison.Ordinal));

        var rows = ReportCsvWriter.Write(report).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ReportCsvWriter.Header, rows[0]);
        Assert.Contains("category,all,SuspectedMalignant,2,5,0.4,0.117621,0.769276", rows);
    }

    [Fact]
    public void Should_round_trip_the_report_json()
    {
        var report = Build();
        var json = ReportJsonWriter.Write(report);
        Assert.Contains("\"format\": \"liverscreen-population-report/1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"category\": \"SuspectedMalignant\"", json, StringComparison.Ordinal);
        var back = ReportJsonWriter.Read(json);
        Assert.Equal(report.Worklist.Select(w => w.StudyKey), back.Worklist.Select(w => w.StudyKey));
        Assert.Equal(report.DetectionRatePer1000, back.DetectionRatePer1000);
    }

    [Fact]
    public void Should_write_a_self_contained_html_page_with_bar_charts_and_key_slices()
    {
        var keySlices = new Dictionary<(string, int), string> { [("s1", 1)] = "data:image/png;base64,iVBORw0KGgo=" };
        var html = ReportHtmlWriter.Write(Build(keySlices));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.True(Regex.Count(html, "<svg ") >= 6);
        Assert.Contains("<rect class=\"bar\"", html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,iVBORw0KGgo=\"", html, StringComparison.Ordinal);
        Assert.Contains("synthetic phantoms", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;", html, StringComparison.Ordinal); // batch name is escaped
    }

    [GeneratedRegex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();

    private static PopulationReport Build(IReadOnlyDictionary<(string, int), string>? keySlices = null)
    {
        var batch = new BatchRecord { Id = Batch, Name = "<b>cohort</b>", Source = "/in", StudyCount = 5, Status = BatchStatus.Completed, SubmittedAt = T0, CompletedAt = T0.AddMinutes(10) };
        StudyRecord S(string key, StudyStatus status, string site, string sex, int age) => new()
        {
            BatchId = Batch, StudyKey = key, Status = status, Site = site, Sex = sex, AgeYears = age, Manufacturer = "GE",
            PatientId = "P-" + key, SubmittedAt = T0, CompletedAt = T0.AddMinutes(key == "s5" ? 2 : 10),
        };
        var studies = new List<StudyRecord>
        {
            S("s1", StudyStatus.Completed, "A", "F", 63),
            S("s2", StudyStatus.Completed, "A", "M", 85),
            S("s3", StudyStatus.Completed, "B", "F", 35),
            S("s4", StudyStatus.Completed, "A", "M", 61),
            S("s5", StudyStatus.Failed, "B", "F", 66),
        };
        studies[4].FailureStage = StageName.Segment;
        studies[4].FailureCode = "no-liver";

        TriageDecisionRecord D(string key, TriageCategory c, double conf, string reason) =>
            new() { BatchId = Batch, StudyKey = key, Category = c, Confidence = conf, Reason = reason, ResultKey = "r/" + key, DecidedAt = T0 };
        var decisions = new List<TriageDecisionRecord>
        {
            D("s1", TriageCategory.SuspectedMalignant, 0.8, "HCC 15 mm"),
            D("s2", TriageCategory.SuspectedMalignant, 0.95, "HCC 45 mm"),
            D("s3", TriageCategory.Uncertain, 0.5, "low confidence"),
            D("s4", TriageCategory.NoFinding, 0.9, "no lesion"),
            D("s5", TriageCategory.TechnicalFailure, 1, "no-liver: no liver found"),
        };

        LesionRecord L(string key, int i, LesionType t, double d) => new() { BatchId = Batch, StudyKey = key, Index = i, Type = t, DiameterMm = d, VolumeMl = d / 10, Confidence = 0.9 };
        var lesions = new List<LesionRecord> { L("s1", 1, LesionType.HCC, 15), L("s1", 2, LesionType.Cyst, 6), L("s2", 1, LesionType.HCC, 45) };

        var states = new List<StageStateRecord>();
        foreach (var s in studies.Take(4))
        {
            states.Add(new StageStateRecord { BatchId = Batch, StudyKey = s.StudyKey, Stage = StageName.Segment, Status = StageStatus.Completed, DurationMs = 1000, InferenceMs = 600, ModelName = "seg", ModelVersion = "1.0" });
            states.Add(new StageStateRecord { BatchId = Batch, StudyKey = s.StudyKey, Stage = StageName.Ingest, Status = StageStatus.Completed, DurationMs = 100 });
        }

        return PopulationReportBuilder.Build(batch, studies, states, lesions, decisions, keySlices);
    }
}
