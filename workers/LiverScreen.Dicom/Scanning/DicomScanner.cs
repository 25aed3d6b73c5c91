using System.Collections.Concurrent;

namespace LiverScreen.Dicom.Scanning;

/// <summary>
/// Header-only scan of folders (recursive) and files: groups instances into studies (StudyInstanceUID) and series
/// (SeriesInstanceUID), keeps axial CT image series and reports everything else with a reason. No pixels are decoded.
/// A broken file or study is a <see cref="DicomProblem"/>, never an exception: the other studies still load.
/// </summary>
public sealed class DicomScanner(IDicomCodec codec)
{
    /// <summary>CT Image Storage.</summary>
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>|n . z| above this (n = slice normal) counts as axial: within about 25 degrees of the patient's long axis.</summary>
    public const double AxialCosine = 0.9;

    public DicomScanner()
        : this(new GdcmDicomCodec())
    {
    }

    /// <summary>Scans files and folders (folders recursively).</summary>
    public ScanResult Scan(IEnumerable<string> paths, int maxThreads = 0, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var problems = new ConcurrentBag<DicomProblem>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden }));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                problems.Add(new DicomProblem(ProblemKind.Error, path, "no such file or folder"));
            }
        }

        files.Sort(StringComparer.Ordinal);
        var headers = new ConcurrentBag<DicomHeader>();
        var done = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = maxThreads > 0 ? maxThreads : Environment.ProcessorCount }, file =>
        {
            try
            {
                var h = codec.ReadHeader(file);
                if (Classify(h) is { } reason)
                {
                    problems.Add(new DicomProblem(ProblemKind.Dropped, file, reason, NullIfEmpty(h.StudyInstanceUid), NullIfEmpty(h.SeriesInstanceUid)));
                }
                else if (Validate(h) is { } error)
                {
                    problems.Add(new DicomProblem(ProblemKind.Error, file, error, NullIfEmpty(h.StudyInstanceUid), NullIfEmpty(h.SeriesInstanceUid)));
                }
                else
                {
                    headers.Add(h);
                }
            }
            catch (DicomReadException ex)
            {
                problems.Add(new DicomProblem(ProblemKind.Error, file, ex.Reason ?? ex.Message));
            }
            catch (Exception ex)
            {
                // A parser bug on one odd file must not end the scan; report it against the file.
                problems.Add(new DicomProblem(ProblemKind.Error, file, $"unexpected error reading the header: {ex.GetType().Name}: {ex.Message}"));
            }

            progress?.Report(Interlocked.Increment(ref done));
        });

        var studies = new List<CtStudy>();
        var allProblems = problems.ToList();
        var studyUids = headers.Select(h => h.StudyInstanceUid)
            .Concat(allProblems.Where(p => p.StudyInstanceUid is not null).Select(p => p.StudyInstanceUid!))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var studyUid in studyUids)
        {
            var studyHeaders = headers.Where(h => h.StudyInstanceUid == studyUid).ToList();
            var series = new List<CtSeries>();
            foreach (var group in studyHeaders.GroupBy(h => h.SeriesInstanceUid).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var instances = group.OrderBy(h => h.FilePath, StringComparer.Ordinal).ToList();
                var s = BuildSeries(instances, allProblems);
                if (s is not null)
                {
                    series.Add(s);
                }
            }

            if (series.Count == 0)
            {
                var firstFile = studyHeaders.FirstOrDefault()?.FilePath
                    ?? allProblems.FirstOrDefault(p => p.StudyInstanceUid == studyUid)?.File ?? "";
                allProblems.Add(new DicomProblem(ProblemKind.Error, firstFile, "study has no usable axial CT image series", studyUid));
                continue;
            }

            var any = studyHeaders[0];
            studies.Add(new CtStudy(studyUid, any.PatientId, any.PatientSex, any.PatientAge, any.PatientBirthDate,
                any.InstitutionName, any.Manufacturer, any.StudyDate, any.StudyDescription,
                series.OrderBy(s => s.TimeSeconds ?? double.MaxValue).ThenBy(s => s.SeriesNumber ?? int.MaxValue).ToList()));
        }

        return new ScanResult(files.Count, studies, allProblems
            .OrderBy(p => p.StudyInstanceUid ?? "", StringComparer.Ordinal).ThenBy(p => p.File, StringComparer.Ordinal).ToList());
    }

    /// <summary>Why an instance is not an axial CT image, or null when it is one.</summary>
    public static string? Classify(DicomHeader h)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (h.SopClassUid.StartsWith("1.2.840.10008.5.1.4.1.1.88.", StringComparison.Ordinal))
        {
            return "structured report (e.g. a dose report), not an image";
        }

        if (h.SopClassUid.StartsWith("1.2.840.10008.5.1.4.1.1.7", StringComparison.Ordinal))
        {
            return "secondary capture, not an acquired CT image";
        }

        if (!h.Modality.Equals("CT", StringComparison.OrdinalIgnoreCase))
        {
            return $"modality {(h.Modality.Length == 0 ? "(none)" : h.Modality)} is not CT";
        }

        if (h.SopClassUid.Length > 0 && h.SopClassUid != CtImageStorage)
        {
            return $"SOP class {h.SopClassUid} is not CT Image Storage (enhanced/multi-frame CT is not supported)";
        }

        if (h.ImageType.Any(t => t.Equals("LOCALIZER", StringComparison.OrdinalIgnoreCase)))
        {
            return "localizer/scout image (ImageType LOCALIZER)";
        }

        if (!h.HasPixelData)
        {
            return "no Pixel Data";
        }

        if (h.RowDirection is { } r && h.ColumnDirection is { } c)
        {
            var n = r.Cross(c);
            if (n.Length > 0.5 && Math.Abs(n.Normalized().Z) < AxialCosine)
            {
                var plane = Math.Abs(n.X) > Math.Abs(n.Y) ? "sagittal" : "coronal";
                return $"non-axial ({plane}) orientation: a reformat or a localizer";
            }
        }

        return null;
    }

    /// <summary>Why an axial CT instance cannot be used (a broken header), or null when it can.</summary>
    public static string? Validate(DicomHeader h)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (h.StudyInstanceUid.Length == 0 || h.SeriesInstanceUid.Length == 0)
        {
            return "missing StudyInstanceUID or SeriesInstanceUID";
        }

        if (h.ImagePosition is null || h.RowDirection is null || h.ColumnDirection is null)
        {
            return "missing ImagePositionPatient or ImageOrientationPatient: cannot place the slice";
        }

        if (h.RowDirection.Value.Cross(h.ColumnDirection.Value).Length < 0.5)
        {
            return "ImageOrientationPatient row and column directions are not orthogonal unit vectors";
        }

        try
        {
            GdcmDicomCodec.CheckDecodable(h);
        }
        catch (DicomReadException ex)
        {
            return ex.Reason ?? ex.Message;
        }

        return null;
    }

    private static CtSeries? BuildSeries(List<DicomHeader> instances, List<DicomProblem> problems)
    {
        var first = instances[0];
        if (instances.Count < 2)
        {
            problems.Add(new DicomProblem(ProblemKind.Error, first.FilePath, "series has only one slice: cannot build a volume", first.StudyInstanceUid, first.SeriesInstanceUid));
            return null;
        }

        var layout = SliceStacker.Layout(instances);
        problems.AddRange(layout.Excluded);
        if (layout.Slices.Count < 2)
        {
            problems.Add(new DicomProblem(ProblemKind.Error, first.FilePath, "series has only one distinct slice position: cannot build a volume", first.StudyInstanceUid, first.SeriesInstanceUid));
            return null;
        }

        var mid = layout.Slices[layout.Slices.Count / 2];
        return new CtSeries(first.StudyInstanceUid, first.SeriesInstanceUid, first.SeriesNumber, first.SeriesDescription,
            first.ContrastBolusAgent,
            instances.Select(i => i.AcquisitionTime).Where(t => t is not null).Order(StringComparer.Ordinal).FirstOrDefault(),
            instances.Select(i => i.ContentTime).Where(t => t is not null).Order(StringComparer.Ordinal).FirstOrDefault(),
            first.SeriesTime, mid.SliceThickness, mid.Kvp, first.TransferSyntaxUid, layout);
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
