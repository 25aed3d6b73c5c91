using LiverScreen.Contracts;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Stages.Ingest;

/// <summary>
/// A study whose DICOM files were uploaded to the object store (distributed mode: a worker on another machine cannot
/// read the submitter's folder). Its <see cref="IngestStudy.SourceKey"/> is "store:" + the key prefix of the files;
/// ingest copies them into a private temporary folder, runs the folder-based stage on it and deletes the copy. Keys
/// keep the files' relative paths, so the folder the stage sees has the submitter's layout.
/// </summary>
public static class StoredStudySource
{
    public const string Scheme = "store:";

    public static bool IsStored(string sourceKey) => sourceKey.StartsWith(Scheme, StringComparison.Ordinal);

    /// <summary>Where the uploaded files of a study live: beside its stage outputs, under "source/".</summary>
    public static string Prefix(Guid batchId, string studyKey) => StageKeys.StudyPrefix(batchId, studyKey) + "source/";

    /// <summary>Copies every object under the source prefix into a new temporary folder and returns that folder.
    /// An empty prefix gives an empty folder, which the ingest stage reports as "no-files".</summary>
    public static async Task<string> DownloadAsync(IObjectStore store, string sourceKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!IsStored(sourceKey))
        {
            throw new ArgumentException($"'{sourceKey}' is not a stored study source (it must start with {Scheme}).", nameof(sourceKey));
        }

        var prefix = sourceKey[Scheme.Length..];
        var folder = Directory.CreateTempSubdirectory("liverscreen-source-").FullName;
        try
        {
            await foreach (var key in store.ListAsync(prefix, cancellationToken))
            {
                var relative = key[prefix.Length..];
                var target = Path.GetFullPath(Path.Combine(folder, relative));
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"Stored source key '{key}' leaves its study folder.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var source = await store.OpenReadAsync(key, cancellationToken);
                await using var file = File.Create(target);
                await source.CopyToAsync(file, cancellationToken);
            }
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        return folder;
    }
}
