using System.Collections.Concurrent;
using LiverScreen.Dicom.Scanning;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Loading;

/// <summary>
/// Reads one series of a study folder by SeriesInstanceUID as an HU volume: the folder is scanned (headers only)
/// once and the scan kept, so loading every phase of a study costs one scan. This is the
/// <c>(folder, seriesUid) =&gt; Volume&lt;short&gt;</c> loader the alignment benchmark's cohort source asks for.
/// Thread-safe.
/// </summary>
public sealed class FolderSeriesReader(IDicomCodec codec, int maxThreads = 0)
{
    private readonly ConcurrentDictionary<string, ScanResult> _scans = new(StringComparer.Ordinal);

    public FolderSeriesReader()
        : this(new GdcmDicomCodec())
    {
    }

    /// <exception cref="SeriesLoadException">The series is not among the usable axial CT series of the folder, or
    /// could not be decoded; the message names the folder, the series and the reason.</exception>
    public Volume<short> Load(string folder, string seriesInstanceUid)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(seriesInstanceUid);
        var scan = _scans.GetOrAdd(Path.GetFullPath(folder), f => new DicomScanner(codec).Scan([f], maxThreads));
        foreach (var study in scan.Studies)
        {
            if (study.Series.FirstOrDefault(s => s.SeriesInstanceUid == seriesInstanceUid) is { } series)
            {
                return new SeriesLoader(codec).Load(series, maxThreads).Volume;
            }
        }

        var reason = scan.Problems.FirstOrDefault(p => p.SeriesInstanceUid == seriesInstanceUid) is { } problem
            ? $"{problem.File}: {problem.Reason}"
            : "no usable axial CT series with this SeriesInstanceUID in the folder";
        throw new SeriesLoadException($"folder {folder}, series {seriesInstanceUid}: {reason}");
    }
}
