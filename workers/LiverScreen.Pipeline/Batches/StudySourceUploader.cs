using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Batches;

/// <summary>
/// Distributed submission: copies each study's folder into the object store (keys keep the relative paths) and returns
/// the commands rewritten to point there (<see cref="StoredStudySource"/>), so workers on other machines can ingest
/// them. In the Azure design the upload function puts DICOM in blob storage before a batch exists; this is the same
/// hand-over for `screen --distributed` from a local folder. Uploads run a few files at a time.
/// </summary>
public sealed class StudySourceUploader(IObjectStore store)
{
    private const int ParallelUploads = 4;

    /// <summary>Uploads every study; <paramref name="progress"/> receives the number of studies done. Returns the
    /// commands with stored sources and the bytes uploaded.</summary>
    public async Task<(IReadOnlyList<IngestStudy> Studies, long Bytes)> UploadAsync(IReadOnlyList<IngestStudy> studies, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(studies);
        var result = new List<IngestStudy>(studies.Count);
        long bytes = 0;
        foreach (var study in studies)
        {
            if (StoredStudySource.IsStored(study.SourceKey) || !Directory.Exists(study.SourceKey))
            {
                // Already stored, or a missing folder: leave it as it is, ingest reports "source-missing" naming it.
                result.Add(study);
                progress?.Report(result.Count);
                continue;
            }

            var prefix = StoredStudySource.Prefix(study.BatchId, study.StudyKey);
            var files = Directory.EnumerateFiles(study.SourceKey, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = ParallelUploads, CancellationToken = cancellationToken }, async (file, ct) =>
            {
                var relative = Path.GetRelativePath(study.SourceKey, file).Replace(Path.DirectorySeparatorChar, '/');
                await using var content = File.OpenRead(file);
                Interlocked.Add(ref bytes, content.Length);
                await store.PutAsync(prefix + relative, content, ct);
            });
            result.Add(study with { SourceKey = StoredStudySource.Scheme + prefix });
            progress?.Report(result.Count);
        }

        return (result, bytes);
    }
}
