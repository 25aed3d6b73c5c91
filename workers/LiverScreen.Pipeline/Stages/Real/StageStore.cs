using System.Text;
using LiverScreen.Imaging;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>Volume and text round trips through the object store, so the stages keep their I/O at one edge.</summary>
public static class StageStore
{
    public static async Task PutVolumeAsync<T>(IObjectStore store, string key, Volume<T> volume, CancellationToken ct)
        where T : unmanaged
    {
        // Streamed from the volume itself: no 24 MB buffer and copy per phase.
        await using var file = VolumeFile.OpenRead(volume);
        await store.PutAsync(key, file, ct);
    }

    public static async Task<Volume<T>> GetVolumeAsync<T>(IObjectStore store, string key, CancellationToken ct)
        where T : unmanaged
    {
        await using var s = await store.OpenReadAsync(key, ct);
        return await VolumeFile.ReadAsync<T>(s, ct);
    }

    /// <summary>Several volumes read side by side, keyed as given: each read of a 24 MB phase fills fresh pages on one
    /// core, so one at a time left the other idle.</summary>
    public static async Task<Dictionary<TKey, Volume<T>>> GetVolumesAsync<TKey, T>(IObjectStore store, IEnumerable<KeyValuePair<TKey, string>> keys, CancellationToken ct)
        where TKey : notnull
        where T : unmanaged
    {
        var reads = keys.Select(kv => (kv.Key, Read: Task.Run(() => GetVolumeAsync<T>(store, kv.Value, ct), ct))).ToList();
        await Task.WhenAll(reads.Select(r => r.Read));
        return reads.ToDictionary(r => r.Key, r => r.Read.Result);
    }

    public static async Task PutTextAsync(IObjectStore store, string key, string text, CancellationToken ct)
    {
        using var buffer = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await store.PutAsync(key, buffer, ct);
    }

    public static async Task<string> GetTextAsync(IObjectStore store, string key, CancellationToken ct)
    {
        await using var s = await store.OpenReadAsync(key, ct);
        using var reader = new StreamReader(s, Encoding.UTF8);
        return await reader.ReadToEndAsync(ct);
    }

    public static async Task PutBytesAsync(IObjectStore store, string key, byte[] bytes, CancellationToken ct)
    {
        using var buffer = new MemoryStream(bytes, writable: false);
        await store.PutAsync(key, buffer, ct);
    }

    public static async Task<byte[]> GetBytesAsync(IObjectStore store, string key, CancellationToken ct)
    {
        await using var s = await store.OpenReadAsync(key, ct);
        if (s.CanSeek)
        {
            // Known length (local files): one exact array, no growing buffer and no final copy.
            var bytes = new byte[checked((int)(s.Length - s.Position))];
            await s.ReadExactlyAsync(bytes, ct);
            return bytes;
        }

        using var buffer = new MemoryStream();
        await s.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
