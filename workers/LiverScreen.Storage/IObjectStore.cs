namespace LiverScreen.Storage;

/// <summary>
/// Where volumes, probability maps, transforms and result documents live. Keys are relative, '/'-separated paths
/// (e.g. "studies/{studyUid}/volumes/{seriesUid}.lsvol"); messages carry keys, never pixels.
/// Implementations: local files (embedded default) and Azure Blob (distributed mode). Writes are whole-object and
/// atomic from a reader's point of view (a reader sees the old object or the new one, never a torn one), which is what
/// makes redelivered stage messages safe to re-run.
/// </summary>
public interface IObjectStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing any existing object.</summary>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Opens an object for reading. Throws <see cref="FileNotFoundException"/> (naming the key) when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Keys under a prefix, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}
