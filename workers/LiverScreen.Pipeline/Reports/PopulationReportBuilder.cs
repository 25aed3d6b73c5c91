using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;

namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// Builds the population report from the batch's rows. Pure: no I/O, no clock (the key-slice pictures are rendered
/// beforehand and passed in), so the same rows always give the same report. Every study appears exactly once, whatever
/// happened to its messages, because everything is grouped by the (batch, study) keys of the database.
/// </summary>
public static class PopulationReportBuilder
{
    public const string Disclaimer = "Research software: models trained and evaluated on synthetic phantoms only. Not for clinical use.";

    private static readonly double[] SizeBinEdgesMm = [10, 20, 50];

    public static PopulationReport Build(
        BatchRecord batch,
        IReadOnlyList<StudyRecord> studies,
        IReadOnlyList<StageStateRecord> stageStates,
        IReadOnlyList<LesionRecord> lesions,
        IReadOnlyList<TriageDecisionRecord> decisions,
        IReadOnlyDictionary<(string StudyKey, int Index), string>? keySlices = null)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentNullException.ThrowIfNull(stageStates);
        ArgumentNullException.ThrowIfNull(lesions);
        ArgumentNullException.ThrowIfNull(decisions);

        var n = studies.Count;
        var decisionOf = decisions.ToDictionary(d => d.StudyKey, StringComparer.Ordinal);
        var lesionsOf = lesions.GroupBy(l => l.StudyKey, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(l => l.Index).ToList(), StringComparer.Ordinal);
        var failed = studies.Count(s => s.Status == StudyStatus.Failed);
        var completed = studies.Count(s => s.Status == StudyStatus.Completed);

        TriageCategory? CategoryOf(StudyRecord s) =>
            s.Status == StudyStatus.Failed ? TriageCategory.TechnicalFailure
            : decisionOf.TryGetValue(s.StudyKey, out var d) ? d.Category
            : null;

        var categories = Enum.GetValues<TriageCategory>()
            .Select(c => new CategoryStat(c, Proportion.Of(studies.Count(s => CategoryOf(s) == c), n)))
            .ToList();

        var malignant = studies.Count(s => CategoryOf(s) == TriageCategory.SuspectedMalignant);
        var screened = completed;
        var detection = WilsonInterval.Of(malignant, Math.Max(screened, malignant));
        var detectionRate = screened == 0 ? 0 : 1000.0 * malignant / screened;

        var lesionTypes = lesions.GroupBy(l => l.Type).OrderBy(g => g.Key).Select(g =>
        {
            var diameters = g.Select(l => l.DiameterMm).Order().ToArray();
            var bins = new int[SizeBinEdgesMm.Length + 1];
            foreach (var d in diameters)
            {
                var bin = 0;
                while (bin < SizeBinEdgesMm.Length && d >= SizeBinEdgesMm[bin])
                {
                    bin++;
                }

                bins[bin]++;
            }

            return new LesionTypeStat(
                g.Key,
                diameters.Length,
                g.Select(l => l.StudyKey).Distinct(StringComparer.Ordinal).Count(),
                Percentile(diameters, 0.5),
                diameters[^1],
                g.Average(l => l.VolumeMl),
                bins);
        }).ToList();

        var breakdowns = new List<Breakdown>
        {
            BreakdownBy("site", studies, s => s.Site, CategoryOf),
            BreakdownBy("manufacturer", studies, s => s.Manufacturer, CategoryOf),
            BreakdownBy("sex", studies, s => s.Sex, CategoryOf),
            BreakdownBy("ageBand", studies, s => AgeBand(s.AgeYears), CategoryOf),
        };

        var failuresByReason = studies.Where(s => s.Status == StudyStatus.Failed)
            .GroupBy(s => (Code: s.FailureCode ?? "unknown", Stage: s.FailureStage?.ToString()))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => new ReasonStat(g.Key.Code, g.Key.Stage, Proportion.Of(g.Count(), n)))
            .ToList();

        var uncertainByReason = studies.Where(s => CategoryOf(s) == TriageCategory.Uncertain)
            .GroupBy(s => decisionOf[s.StudyKey].Reason, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ReasonStat(g.Key, null, Proportion.Of(g.Count(), n)))
            .ToList();

        var models = stageStates.Where(s => s.Status == StageStatus.Completed && s.ModelName is not null)
            .GroupBy(s => (Stage: s.Stage.ToString(), Name: s.ModelName!, Version: s.ModelVersion ?? ""))
            .OrderBy(g => g.Key.Stage, StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => new ModelUsage(g.Key.Stage, g.Key.Name, g.Key.Version, g.Select(s => s.StudyKey).Distinct(StringComparer.Ordinal).Count()))
            .ToList();

        var worklist = studies
            .Select(s => (Study: s, Category: CategoryOf(s)))
            .Where(x => x.Category is TriageCategory.SuspectedMalignant or TriageCategory.Uncertain)
            .Select(x =>
            {
                var d = decisionOf[x.Study.StudyKey];
                var studyLesions = lesionsOf.TryGetValue(x.Study.StudyKey, out var ls) ? ls : [];
                return new WorklistEntry(
                    x.Category == TriageCategory.SuspectedMalignant ? 1 : 2,
                    x.Study.StudyKey,
                    x.Study.PatientId,
                    x.Study.StudyInstanceUid,
                    x.Category!.Value,
                    d.Confidence,
                    d.Reason,
                    x.Study.Site,
                    studyLesions.Select(l => new WorklistLesion(
                        l.Index, l.Type, l.DiameterMm, l.VolumeMl, l.Confidence, l.KeySlice,
                        keySlices is not null && keySlices.TryGetValue((l.StudyKey, l.Index), out var uri) ? uri : null)).ToList());
            })
            .OrderBy(e => e.Priority).ThenByDescending(e => e.Confidence).ThenBy(e => e.StudyKey, StringComparer.Ordinal)
            .ToList();

        var lines = studies.OrderBy(s => s.StudyKey, StringComparer.Ordinal).Select(s =>
        {
            decisionOf.TryGetValue(s.StudyKey, out var d);
            return new StudyLine(
                s.StudyKey, s.PatientId, s.StudyInstanceUid, s.Status.ToString(), CategoryOf(s), d?.Confidence, d?.Reason,
                lesionsOf.TryGetValue(s.StudyKey, out var ls) ? ls.Count : 0,
                s.Site, s.Manufacturer, s.Sex, s.AgeYears, s.FailureStage?.ToString(), s.FailureCode);
        }).ToList();

        return new PopulationReport(
            PopulationReport.FormatName,
            Disclaimer,
            batch.Id,
            batch.Name,
            batch.Source,
            batch.SubmittedAt,
            batch.CompletedAt,
            n,
            completed,
            failed,
            categories,
            detectionRate,
            1000 * detection.Lower,
            1000 * detection.Upper,
            lesionTypes,
            breakdowns,
            Proportion.Of(studies.Count(s => CategoryOf(s) == TriageCategory.Uncertain), n),
            Proportion.Of(failed, n),
            failuresByReason,
            uncertainByReason,
            models,
            BuildThroughput(batch, studies, stageStates),
            worklist,
            lines);
    }

    /// <summary>Age bands of the breakdown: under 40, then decades, 80+.</summary>
    public static string AgeBand(int? age) => age switch
    {
        null => "unknown",
        < 40 => "<40",
        >= 80 => "80+",
        _ => $"{age / 10 * 10}-{(age / 10 * 10) + 9}",
    };

    private static Breakdown BreakdownBy(string dimension, IReadOnlyList<StudyRecord> studies, Func<StudyRecord, string?> key, Func<StudyRecord, TriageCategory?> category)
    {
        var groups = studies.GroupBy(s => string.IsNullOrWhiteSpace(key(s)) ? "unknown" : key(s)!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var count = g.Count();
                return new BreakdownGroup(
                    g.Key,
                    count,
                    Proportion.Of(g.Count(s => category(s) == TriageCategory.SuspectedMalignant), count),
                    Proportion.Of(g.Count(s => category(s) == TriageCategory.Uncertain), count),
                    Proportion.Of(g.Count(s => s.Status == StudyStatus.Failed), count));
            }).ToList();
        return new Breakdown(dimension, groups);
    }

    private static Throughput BuildThroughput(BatchRecord batch, IReadOnlyList<StudyRecord> studies, IReadOnlyList<StageStateRecord> stageStates)
    {
        var ends = studies.Where(s => s.CompletedAt is not null).Select(s => s.CompletedAt!.Value).ToList();
        var wall = ends.Count == 0 ? 0 : Math.Max(0, (ends.Max() - batch.SubmittedAt).TotalSeconds);
        var perHour = wall <= 0 ? 0 : ends.Count * 3600.0 / wall;

        var done = stageStates.Where(s => s.Status == StageStatus.Completed).ToList();
        var timings = Enum.GetValues<StageName>().Select(stage =>
        {
            var ms = done.Where(s => s.Stage == stage).Select(s => s.DurationMs).Order().ToArray();
            return new StageTiming(
                stage.ToString(),
                ms.Length,
                ms.Length == 0 ? 0 : ms.Average(),
                Percentile(ms, 0.5),
                Percentile(ms, 0.95),
                ms.Sum(),
                done.Where(s => s.Stage == stage).Sum(s => s.InferenceMs));
        }).ToList();
        var total = timings.Sum(t => t.TotalMs);
        var inference = timings.Sum(t => t.InferenceMs);
        return new Throughput(wall, perHour, total <= 0 ? 0 : (total - inference) / total, timings);
    }

    /// <summary>Linear-interpolated percentile of sorted values; 0 for none.</summary>
    private static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (position - lo));
    }
}
