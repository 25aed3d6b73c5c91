using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Matching;
using LiverScreen.Detection.Patient;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Statistics;
using LiverScreen.Evaluation.Targets;
using LiverScreen.Evaluation.Truth;
using LiverScreen.Imaging;

namespace LiverScreen.Evaluation;

/// <summary>
/// Paper 002's evaluation of a cohort from per-study result documents and truth.json: lesion-level FN, FP, FL, TP,
/// precision, recall and rough recall per type and for malignant lesions (Tables II, III, V) and by Table I size bin;
/// patient-level malignancy sensitivity and specificity (Table IV) for Base, Base+ReCls, High+ReCls and the joint model,
/// per setting; the uncertain rate; and paper 001's abstention curve. Lesions are matched by
/// <see cref="CoordinateMatchRule"/> (results carry centres, not masks). Pure: the caller reads the files.
/// </summary>
public static class CohortEvaluator
{
    private static readonly (ModelVariant Variant, string Label, string PointName)[] Variants =
    [
        (ModelVariant.Base, "Base", "base"),
        (ModelVariant.BaseRecls, "Base+ReCls", "base+recls"),
        (ModelVariant.HighRecls, "High+ReCls", "high+recls"),
        (ModelVariant.Joint, "Base+ReCls & High+ReCls", ""),
    ];

    public static EvaluationReport Evaluate(TruthDocument truth, IReadOnlyList<LoadedResult> results, CoordinateMatchRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        return Evaluate([truth], results, rule);
    }

    /// <summary>Evaluates several cohorts at once (e.g. the diagnosis and the screening cohort of the harness): their
    /// studies are pooled and split by setting as usual; a study UID listed by two truth files counts once (the first)
    /// and is reported as a problem.</summary>
    public static EvaluationReport Evaluate(IReadOnlyList<TruthDocument> truths, IReadOnlyList<LoadedResult> results, CoordinateMatchRule? rule = null)
    {
        ArgumentNullException.ThrowIfNull(truths);
        ArgumentNullException.ThrowIfNull(results);
        rule ??= CoordinateMatchRule.Default;
        var problems = new List<StudyProblem>();
        var truthStudies = new List<TruthStudy>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in truths)
        {
            foreach (var s in doc.Studies)
            {
                if (seen.Add(s.StudyInstanceUid))
                {
                    truthStudies.Add(s);
                }
                else
                {
                    problems.Add(new StudyProblem(s.StudyInstanceUid, "duplicate-truth", $"Study {s.StudyInstanceUid} ({s.Folder}) is listed by more than one truth file; the first entry is used."));
                }
            }
        }

        var truth = new TruthDocument(TruthDocument.ExpectedFormat, true, string.Join("+", truths.Select(t => t.Preset ?? "?")),
            truths.Count == 1 ? truths[0].Seed : null, truthStudies);
        var byUid = new Dictionary<string, StudyResult>(StringComparer.Ordinal);
        foreach (var r in results)
        {
            if (r.Result is null)
            {
                problems.Add(new StudyProblem(Path.GetFileNameWithoutExtension(r.File), "unreadable", r.Error ?? "unreadable"));
            }
            else if (!byUid.TryAdd(r.Result.StudyInstanceUid, r.Result))
            {
                problems.Add(new StudyProblem(r.Result.StudyInstanceUid, "duplicate", $"{Path.GetFileName(r.File)} repeats a study already read; ignored."));
            }
        }

        var truthUids = truth.Studies.Select(s => s.StudyInstanceUid).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(byUid.Keys.Where(u => !truthUids.Contains(u)).Order(StringComparer.Ordinal)
            .Select(u => new StudyProblem(u, "not-in-truth", "A result for a study truth.json does not list; ignored.")));

        var pairs = new List<(TruthStudy Truth, StudyResult Result)>();
        foreach (var t in truth.Studies)
        {
            if (!byUid.TryGetValue(t.StudyInstanceUid, out var r))
            {
                problems.Add(new StudyProblem(t.StudyInstanceUid, "missing", $"No result file for study {t.StudyInstanceUid} ({t.Folder})."));
            }
            else if (r.Status == StudyStatus.Failed)
            {
                problems.Add(new StudyProblem(t.StudyInstanceUid, "failed", $"{r.Error?.Code}: {r.Error?.Message}"));
            }
            else if (r.Triage == TriageCategory.TechnicalFailure)
            {
                problems.Add(new StudyProblem(t.StudyInstanceUid, "technical-failure", string.Join(" ", r.TriageReasons)));
            }
            else
            {
                pairs.Add((t, r));
            }
        }

        var settings = new List<SettingReport>();
        foreach (var setting in new[] { StudySetting.Screening, StudySetting.Diagnosis })
        {
            var subset = pairs.Where(p => p.Truth.Setting == setting).ToList();
            if (subset.Count > 0)
            {
                settings.Add(EvaluateSetting(setting.ToString().ToLowerInvariant(), subset, rule));
            }
        }

        var pooled = LesionReport(
            "Base+ReCls & High+ReCls",
            pairs.Where(p => p.Result.Uncertain != true).Select(p => (p.Truth, (IReadOnlyList<ResultLesion>)p.Result.Lesions)).ToList(),
            rule);
        var report = new EvaluationReport(
            EvaluationReport.SyntheticTitle,
            EvaluationReport.SyntheticNotice,
            true,
            truth.Preset,
            truth.Studies.Count,
            pairs.Count,
            $"predicted centre inside the true box grown by {rule.BoxMarginMm} mm, or within max(equivalent-sphere radius, {rule.MinRadiusMm} mm) of the true centre",
            problems,
            settings)
        {
            Cohorts = truths.Select(t => new CohortInfo(t.Preset, t.Seed, t.Studies.Count)).ToList(),
            Models = byUid.Where(kv => truthUids.Contains(kv.Key)).SelectMany(kv => kv.Value.Models.Distinct())
                .GroupBy(m => m)
                .Select(g => new ModelUsage(g.Key.Name, g.Key.Version, g.Key.Sha256, g.Count()))
                .OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Version, StringComparer.Ordinal).ThenBy(m => m.Sha256, StringComparer.Ordinal)
                .ToList(),
            PooledJointLesions = pooled,
        };
        return report with { Targets = ProjectTargets.Check(report) };
    }

    private static SettingReport EvaluateSetting(string name, List<(TruthStudy Truth, StudyResult Result)> studies, CoordinateMatchRule rule)
    {
        var patient = new List<PatientMetrics>();
        var lesions = new List<ModelLesionReport>();
        foreach (var (variant, label, point) in Variants)
        {
            var used = new List<(TruthStudy Truth, PatientClass Class, IReadOnlyList<ResultLesion> Lesions)>();
            var uncertain = 0;
            foreach (var (t, r) in studies)
            {
                if (variant == ModelVariant.Joint)
                {
                    if (r.Uncertain == true)
                    {
                        uncertain++;
                        continue;
                    }

                    used.Add((t, r.PatientClass ?? PatientClass.Normal, r.Lesions));
                }
                else if (r.OperatingPoints.FirstOrDefault(o => string.Equals(o.Name, point, StringComparison.OrdinalIgnoreCase)) is { } op)
                {
                    used.Add((t, op.PatientClass, op.Lesions));
                }
            }

            var positives = used.Where(u => u.Truth.Malignant).ToList();
            var negatives = used.Where(u => !u.Truth.Malignant).ToList();
            patient.Add(new PatientMetrics(
                label,
                used.Count,
                new Proportion(positives.Count(u => PatientClassifier.IsMalignant(u.Class)), positives.Count),
                new Proportion(negatives.Count(u => !PatientClassifier.IsMalignant(u.Class)), negatives.Count),
                new Proportion(used.Count(u => u.Class == u.Truth.PatientClass), used.Count),
                uncertain));
            lesions.Add(LesionReport(label, used.Select(u => (u.Truth, u.Lesions)).ToList(), rule));
        }

        var uncertainCount = studies.Count(s => s.Result.Uncertain == true);
        return new SettingReport(name, studies.Count, new Proportion(uncertainCount, studies.Count), patient, lesions, Abstention(studies));
    }

    /// <summary>Paper 001: keep the most confident k% (k = 100, 95 .. 50) and measure the final malignancy decision there.</summary>
    public static IReadOnlyList<AbstentionPoint> Abstention(IReadOnlyList<(TruthStudy Truth, StudyResult Result)> studies)
    {
        ArgumentNullException.ThrowIfNull(studies);
        var ranked = studies
            .OrderByDescending(s => s.Result.Confidence ?? 0)
            .ThenBy(s => s.Truth.StudyInstanceUid, StringComparer.Ordinal)
            .ToList();
        var points = new List<AbstentionPoint>();
        for (var k = 100; k >= 50; k -= 5)
        {
            var n = (int)Math.Ceiling(ranked.Count * k / 100.0);
            var kept = ranked.Take(n).ToList();
            var pos = kept.Where(s => s.Truth.Malignant).ToList();
            var neg = kept.Where(s => !s.Truth.Malignant).ToList();
            points.Add(new AbstentionPoint(
                k,
                n,
                kept.Count == 0 ? 0 : kept.Min(s => s.Result.Confidence ?? 0),
                new Proportion(pos.Count(s => s.Result.Malignant == true), pos.Count),
                new Proportion(neg.Count(s => s.Result.Malignant != true), neg.Count),
                new Proportion(kept.Count(s => (s.Result.Malignant == true) == s.Truth.Malignant), kept.Count)));
        }

        return points;
    }

    /// <summary>Matches every study's predicted lesions against its true lesions and sums the counts per row and bin.</summary>
    public static ModelLesionReport LesionReport(string model, IReadOnlyList<(TruthStudy Truth, IReadOnlyList<ResultLesion> Lesions)> studies, CoordinateMatchRule rule)
    {
        ArgumentNullException.ThrowIfNull(studies);
        ArgumentNullException.ThrowIfNull(rule);
        var rows = LesionGroup.TableRows.ToDictionary(g => g.Name, _ => LesionCounts.Zero);
        var bins = SizeBin.TableI.ToDictionary(b => b.Label, _ => (All: LesionCounts.Zero, Malig: LesionCounts.Zero));
        var big = LesionCounts.Zero;
        foreach (var (truth, predicted) in studies)
        {
            var match = Match(truth, predicted, rule);
            var truthVolume = truth.Lesions.ToDictionary(l => l.Id, l => l.VolumeCc);
            var predVolume = predicted.ToDictionary(l => l.Id, l => l.VolumeCc);
            foreach (var group in LesionGroup.TableRows)
            {
                rows[group.Name] += Count(match, group, _ => true, _ => true);
            }

            foreach (var bin in SizeBin.TableI)
            {
                var b = bins[bin.Label];
                bins[bin.Label] = (
                    b.All + Count(match, LesionGroup.All, id => bin.Contains(truthVolume[id]), id => bin.Contains(predVolume[id])),
                    b.Malig + Count(match, LesionGroup.Malig, id => bin.Contains(truthVolume[id]), id => bin.Contains(predVolume[id])));
            }

            big += Count(match, LesionGroup.Malig, id => truthVolume[id] >= 1.0, id => predVolume[id] >= 1.0);
        }

        return new ModelLesionReport(
            model,
            studies.Count,
            LesionGroup.TableRows.Select(g => LesionRow.From(g.Name, rows[g.Name])).ToList(),
            SizeBin.TableI.Select(b => new SizeBinRow(b.Label, LesionRow.From("All", bins[b.Label].All), LesionRow.From("Malig", bins[b.Label].Malig))).ToList(),
            LesionRow.From("Malig >= 1 cm3", big));
    }

    /// <summary>Coordinate-based match (Eq. 7 with <see cref="CoordinateMatchRule"/>) of one study.</summary>
    public static MatchResult Match(TruthStudy truth, IReadOnlyList<ResultLesion> predicted, CoordinateMatchRule rule)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(rule);
        var t = truth.Lesions;
        return LesionMatcher.Match(
            predicted.Select(p => new MatchSite(p.Id, p.Type)).ToList(),
            t.Select(l => new MatchSite(l.Id, l.Type)).ToList(),
            (pi, ti) =>
            {
                var centre = ToVec(t[ti].CenterLps);
                var min = t[ti].BboxLps is { } b ? ToVec(b.Min) : centre;
                var max = t[ti].BboxLps is { } b2 ? ToVec(b2.Max) : centre;
                return rule.Affinity(ToVec(predicted[pi].CenterLps), centre, min, max, t[ti].VolumeCc);
            });
    }

    /// <summary>One study's counts for a group, restricted to true lesions passing <paramref name="truthFilter"/> and
    /// predicted lesions passing <paramref name="predFilter"/> (by id), e.g. a size bin.</summary>
    private static LesionCounts Count(MatchResult match, LesionGroup group, Func<int, bool> truthFilter, Func<int, bool> predFilter)
    {
        int tp = 0, fl = 0, fn = 0, fp = 0, ptp = 0, pfl = 0;
        foreach (var s in match.Truth.Where(s => group.Contains(s.Type) && truthFilter(s.Id)))
        {
            switch (Outcome(s, group))
            {
                case MatchOutcome.TP: tp++; break;
                case MatchOutcome.FL: fl++; break;
                default: fn++; break;
            }
        }

        foreach (var s in match.Predicted.Where(s => group.Contains(s.Type) && predFilter(s.Id)))
        {
            switch (Outcome(s, group))
            {
                case MatchOutcome.TP: ptp++; break;
                case MatchOutcome.FL: pfl++; break;
                default: fp++; break;
            }
        }

        return new LesionCounts(tp, fl, fn, fp, ptp, pfl);
    }

    private static MatchOutcome Outcome(SiteMatch s, LesionGroup group)
    {
        if (s.OverlappingTypes.Count == 0)
        {
            return s.Outcome;
        }

        var hit = group.ExactType ? s.OverlappingTypes.Contains(s.Type) : s.OverlappingTypes.Any(group.Contains);
        return hit ? MatchOutcome.TP : MatchOutcome.FL;
    }

    private static Vec3 ToVec(double[] a) => a is { Length: 3 } ? new Vec3(a[0], a[1], a[2]) : throw new FormatException("A coordinate must have 3 values [x, y, z].");
}
