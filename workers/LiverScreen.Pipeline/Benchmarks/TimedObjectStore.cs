using System.Diagnostics;
using System.Runtime.CompilerServices;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Benchmarks;

/// <summary>
/// For `bench pipeline --distributed` only: an <see cref="IObjectStore"/> that times every call of the store it wraps
/// into a <see cref="TransportMeter"/>. Reads are downloaded whole inside the timer (the stages read whole volumes
/// anyway), so the time includes the transfer, not just the response headers.
/// </summary>
public sealed class TimedObjectStore(IObjectStore inner, TransportMeter meter) : IObjectStore
{
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var start = Stopwatch.GetTimestamp();
        var length = content.CanSeek ? content.Length - content.Position : 0;
        await inner.PutAsync(key, content, cancellationToken);
        meter.AddStorage(Stopwatch.GetTimestamp() - start, length, 0);
    }

    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var copy = new MemoryStream();
        await using (var source = await inner.OpenReadAsync(key, cancellationToken))
        {
            await source.CopyToAsync(copy, cancellationToken);
        }

        copy.Position = 0;
        meter.AddStorage(Stopwatch.GetTimestamp() - start, 0, copy.Length);
        return copy;
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var exists = await inner.ExistsAsync(key, cancellationToken);
        meter.AddStorage(Stopwatch.GetTimestamp() - start, 0, 0);
        return exists;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        var keys = new List<string>();
        await foreach (var key in inner.ListAsync(prefix, cancellationToken))
        {
            keys.Add(key);
        }

        meter.AddStorage(Stopwatch.GetTimestamp() - start, 0, 0);
        foreach (var key in keys)
        {
            yield return key;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await inner.DeleteAsync(key, cancellationToken);
        meter.AddStorage(Stopwatch.GetTimestamp() - start, 0, 0);
    }
}
