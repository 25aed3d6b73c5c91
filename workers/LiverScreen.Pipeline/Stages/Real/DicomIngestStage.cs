using System.Globalization;
using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Dicom.Loading;
using LiverScreen.Dicom.Phases;
using LiverScreen.Dicom.Scanning;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// Ingest: scan the study folder (headers only), decode each axial CT series into HU (<c>ingest/{series}.lsvol</c>),
/// identify its phase with a confidence, and record demographics and every left-out file. Permanent faults name the
/// study, the file and the reason: a missing folder, no usable CT series (non-DICOM, truncated, one slice, no CT at all),
/// or every series undecodable. One undecodable series among good ones is recorded and skipped.
/// </summary>
public sealed class DicomIngestStage(IObjectStore store) : IIngestStage
{
    public async Task<IngestOutcome> IngestAsync(IngestStudy command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var source = command.SourceKey;
        if (!Directory.Exists(source) && !File.Exists(source))
        {
            throw new StageFailureException("source-missing", $"Study '{command.StudyKey}': the folder '{source}' does not exist.", source);
        }

        // Two threads: the stage's own concurrency (Pipeline:IngestConcurrency) already runs studies side by side.
        var scan = new DicomScanner().Scan([source], maxThreads: 2);
        var problems = scan.Problems.Select(p => p.ToString()).ToList();
        if (scan.Studies.Count == 0)
        {
            var error = scan.Problems.FirstOrDefault(p => p.Kind == ProblemKind.Error) ?? (scan.Problems.Count > 0 ? scan.Problems[0] : null);
            // "no-ct": the files are readable DICOM but none is an axial CT image (dose reports, secondary captures,
            // other modalities: all Dropped); the scanner's study-level error then names a dropped file.
            var dropped = scan.Problems.Where(p => p.Kind == ProblemKind.Dropped).Select(p => p.File).ToHashSet(StringComparer.Ordinal);
            var onlyDropped = dropped.Count > 0 && scan.Problems.Where(p => p.Kind == ProblemKind.Error).All(p => dropped.Contains(p.File));
            var code = scan.FilesScanned == 0 ? "no-files" : onlyDropped ? "no-ct" : "dicom-undecodable";
            var why = error is null
                ? $"no files in '{source}'"
                : $"{scan.FilesScanned} file(s) scanned, none gave a usable axial CT series; first problem: {error.File}: {error.Reason}";
            throw new StageFailureException(code, $"Study '{command.StudyKey}': {why}.", error?.File);
        }

        // A folder should hold one study; if it holds several, screen the one with the most series and say so.
        var study = scan.Studies.OrderByDescending(s => s.Series.Count).ThenByDescending(s => s.Series.Sum(x => x.SliceCount)).First();
        if (scan.Studies.Count > 1)
        {
            problems.Add($"The folder holds {scan.Studies.Count} studies; screening {study.StudyInstanceUid} (most series), the others are ignored.");
        }

        // Series side by side, two at a time: decoding is only part of a series' cost; the aorta measurement and the
        // ~24 MB store write of a 512 x 512 x 45 phase run on one thread each, so one series at a time left a core idle
        // (ingest of a 4-phase study: CPU about equal to wall time, 23 Nov 2026). Results keep the time order below.
        var ordered = study.Series.OrderBy(s => s.TimeSeconds ?? double.MaxValue).ThenBy(s => s.SeriesNumber ?? int.MaxValue).ToList();
        var outcomes = new SeriesOutcome[ordered.Count];
        var loader = new SeriesLoader();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ordered.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await IngestSeriesAsync(command, study, ordered[i], loader, ct));

        var series = outcomes.Where(o => o.Skipped is not null).Select(o => o.Skipped!).ToList();
        var decoded = outcomes.Where(o => o.Key is not null).ToList();
        var firstFailureFile = outcomes.Select(o => o.FailureFile).FirstOrDefault(f => f is not null);

        var refs = new List<SeriesVolumeRef>();
        // The decoded series' phases are decided together (time order, enhancement across series, headers).
        var phases = StudyPhaseAssigner.Assign(decoded.Select(d => d.Observation!).ToList());
        for (var i = 0; i < decoded.Count; i++)
        {
            var (s, key) = (decoded[i].Series, decoded[i].Key!);
            var phase = phases[i];
            series.Add(new SeriesInfo(s.SeriesInstanceUid, s.SeriesDescription, phase.Phase, phase.Confidence, s.SliceCount, key, null, phase.Evidence));
            refs.Add(new SeriesVolumeRef(s.SeriesInstanceUid, phase.Phase, phase.Confidence, key));
        }

        if (refs.Count == 0)
        {
            var reasons = string.Join("; ", series.Select(x => $"series {x.SeriesInstanceUid}: {x.Problem}"));
            throw new StageFailureException("dicom-undecodable", $"Study '{command.StudyKey}' ({study.StudyInstanceUid}): no series could be decoded: {reasons}.", firstFailureFile);
        }

        var demographics = new StudyDemographics(Blank(study.InstitutionName), Blank(study.Manufacturer), Sex(study.PatientSex), AgeYears(study.PatientAge));
        var patientId = Blank(study.PatientId) ?? command.StudyKey;
        var info = new StudyInfoDocument(command.StudyKey, study.StudyInstanceUid, patientId, demographics, series, problems);
        var infoKey = StageKeys.ForStage(command.BatchId, command.StudyKey, StageName.Ingest, "study.json");
        await StageStore.PutTextAsync(store, infoKey, JsonSerializer.Serialize(info, PipelineJson.Indented), cancellationToken);
        return new IngestOutcome(study.StudyInstanceUid, patientId, refs, infoKey, demographics);
    }

    /// <summary>
    /// One series: decoded to HU, its phase cues measured and its volume stored (<see cref="SeriesOutcome.Key"/>), or
    /// left out with the reason (<see cref="SeriesOutcome.Skipped"/>: one slice, or undecodable).
    /// </summary>
    private async Task<SeriesOutcome> IngestSeriesAsync(IngestStudy command, CtStudy study, CtSeries s, SeriesLoader loader, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var cues = PhaseIdentifier.CuesFor(s, study);
        if (s.SliceCount < 2)
        {
            return Skipped(s, cues, "only one slice: not a volume", null);
        }

        LoadedSeries loaded;
        try
        {
            // One decoding thread: the series themselves run two at a time.
            loaded = loader.Load(s, maxThreads: 1, cancellationToken: cancellationToken);
        }
        catch (SeriesLoadException ex)
        {
            return Skipped(s, cues, ex.Message, ex.File);
        }

        var observation = new SeriesPhaseObservation(cues, AortaLocator.Measure(loaded.Volume), s.TimeSeconds);
        var key = StageKeys.ForStage(command.BatchId, command.StudyKey, StageName.Ingest, StageKeys.Sanitize(s.SeriesInstanceUid) + ".lsvol");
        await StageStore.PutVolumeAsync(store, key, loaded.Volume, cancellationToken);
        return new SeriesOutcome(s, null, null, observation, key);
    }

    /// <summary>A series left out: its phase from the headers alone, and why.</summary>
    private static SeriesOutcome Skipped(CtSeries s, PhaseHeaderCues cues, string problem, string? file)
    {
        var header = PhaseIdentifier.Identify(cues, (LiverScreen.Imaging.Volume<short>?)null);
        return new SeriesOutcome(s, new SeriesInfo(s.SeriesInstanceUid, s.SeriesDescription, header.Phase, header.Confidence, s.SliceCount, null, problem, header.Evidence), file, null, null);
    }

    private sealed record SeriesOutcome(CtSeries Series, SeriesInfo? Skipped, string? FailureFile, SeriesPhaseObservation? Observation, string? Key);

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Sex(string? s) => Blank(s)?.ToUpperInvariant() switch
    {
        "M" => "M",
        "F" => "F",
        "O" => "O",
        _ => null,
    };

    /// <summary>DICOM Age String: nnnD, nnnW, nnnM or nnnY.</summary>
    internal static int? AgeYears(string? age)
    {
        var a = Blank(age);
        if (a is null || a.Length < 2 || !int.TryParse(a.AsSpan(0, a.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return char.ToUpperInvariant(a[^1]) switch
        {
            'Y' => n,
            'M' => n / 12,
            'W' => n / 52,
            'D' => n / 365,
            _ => null,
        };
    }
}
