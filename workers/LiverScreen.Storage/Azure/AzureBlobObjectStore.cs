using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace LiverScreen.Storage.Azure;

/// <summary>
/// <see cref="IObjectStore"/> over the Azure Blob REST API (block blobs in one container), written against the REST
/// protocol because Azure.Storage.Blobs does not restore here. Each method notes the Azure.Storage.Blobs call that
/// replaces it where the SDK is available (one <c>BlobContainerClient</c> built from the same options).
/// Integrity: every upload carries Content-MD5 (Put Blob: checked by the service and stored; Put Block: checked per
/// block; Put Block List: the whole object's MD5 stored as x-ms-blob-content-md5), and every read recomputes the MD5
/// and fails with <see cref="InvalidDataException"/> on a mismatch. Atomicity: Put Blob and Put Block List each commit
/// the whole object at once, so readers never see a torn object. Transient failures (5xx, 408, 429, refused or dropped
/// connections, attempt time-outs) are retried with exponential back-off through Polly; anything else fails with an
/// <see cref="AzureBlobException"/> naming the container and key. One instance is meant to be shared (it owns an HttpClient).
/// </summary>
public sealed class AzureBlobObjectStore : IObjectStore, IDisposable
{
    /// <summary>Azurite 3.37 and the cloud service both accept this version.</summary>
    public const string ServiceVersion = "2023-11-03";

    /// <summary>The service returns a range MD5 only for ranges up to 4 MiB, so ranged reads go in pieces of this size.</summary>
    public const int MaxVerifiedRangeBytes = 4 * 1024 * 1024;

    private static readonly ResiliencePropertyKey<string> OperationKey = new("liverscreen.blob.operation");
    private static readonly ResiliencePropertyKey<string> BlobKey = new("liverscreen.blob.key");

    private readonly AzureBlobOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly string _accountName;
    private readonly byte[]? _accountKey;
    private readonly string? _sas;
    private readonly string _containerUrl;
    private long _retries;
    private long _resumes;

    /// <summary>Validates <paramref name="options"/> (throwing with every problem) and prepares the client; no request is sent yet.</summary>
    public AzureBlobObjectStore(AzureBlobOptions options, ILogger<AzureBlobObjectStore>? logger = null, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _ownsHttp = httpClient is null;
        // Time-outs are per attempt in the Polly pipeline; the client's own limit would cut long block uploads short.
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };

        Uri endpoint;
        if (options.ConnectionString is not null)
        {
            var cs = AzureStorageConnectionString.Parse(options.ConnectionString);
            endpoint = options.BlobEndpoint ?? cs.BlobEndpoint;
            _accountName = cs.AccountName;
            _accountKey = cs.AccountKey is null ? null : Convert.FromBase64String(cs.AccountKey);
            _sas = cs.SharedAccessSignature;
        }
        else
        {
            _accountName = options.AccountName!;
            endpoint = options.BlobEndpoint ?? new Uri($"https://{_accountName}.blob.core.windows.net");
            _accountKey = options.AccountKey is null ? null : Convert.FromBase64String(options.AccountKey);
            _sas = options.SasToken;
        }

        // A key wins over a SAS when both are given: it can also create the container.
        _sas = _accountKey is null ? _sas?.TrimStart('?') : null;
        Container = options.Container;
        _containerUrl = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + Container;
        _pipeline = BuildPipeline(options);
    }

    public string Container { get; }

    /// <summary>The container's URI (never includes a SAS).</summary>
    public Uri ContainerUri => new(_containerUrl);

    /// <summary>HTTP attempts retried since this store was created (for tests and diagnostics).</summary>
    public long RetriedAttempts => Interlocked.Read(ref _retries);

    /// <summary>Downloads resumed with a ranged read after their connection broke (for tests and diagnostics).</summary>
    public long ResumedReads => Interlocked.Read(ref _resumes);

    /// <summary>Creates the container when it does not exist. Azure.Storage.Blobs: <c>BlobContainerClient.CreateIfNotExistsAsync()</c>.</summary>
    public async Task CreateContainerIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync("create container", string.Empty, () => NewRequest(HttpMethod.Put, ContainerRequestUri("restype=container")), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
            AzureBlobLog.ContainerCreated(_logger, Container);
        else if (response.StatusCode != HttpStatusCode.Conflict)
            throw await FailureAsync("create container", string.Empty, response, cancellationToken);
    }

    /// <summary>
    /// Up to one block: a single Put Blob. Larger: Put Block for each block (at most MaxParallelBlockUploads in flight)
    /// then Put Block List, which commits the object atomically.
    /// Azure.Storage.Blobs: <c>container.GetBlobClient(key).UploadAsync(content, new BlobUploadOptions { TransferOptions =
    /// new StorageTransferOptions { InitialTransferSize = BlockSizeBytes, MaximumTransferSize = BlockSizeBytes,
    /// MaximumConcurrency = MaxParallelBlockUploads }, HttpHeaders = new BlobHttpHeaders { ContentHash = md5 } })</c>.
    /// </summary>
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentNullException.ThrowIfNull(content);
        var blockSize = _options.BlockSizeBytes;
        var first = ArrayPool<byte>.Shared.Rent(blockSize);
        var handedOver = false;
        try
        {
            var firstLength = await ReadFullAsync(content, first.AsMemory(0, blockSize), cancellationToken);
            if (firstLength < blockSize || (content.CanSeek && content.Position >= content.Length))
            {
                await PutSingleAsync(key, first.AsMemory(0, firstLength), cancellationToken);
                return;
            }

            handedOver = true; // PutBlocksAsync returns it to the pool
            await PutBlocksAsync(key, first, firstLength, content, cancellationToken);
        }
        finally
        {
            if (!handedOver)
                ArrayPool<byte>.Shared.Return(first);
        }
    }

    /// <summary>
    /// Streams the object, verifying its MD5 when the stream reaches the end; a connection that breaks mid-way is resumed
    /// with a ranged read pinned to the same ETag. Throws <see cref="FileNotFoundException"/> naming container and key when absent.
    /// Azure.Storage.Blobs: <c>container.GetBlobClient(key).DownloadStreamingAsync()</c> (plus the MD5 check, which the SDK
    /// leaves to the caller for whole-blob downloads).
    /// </summary>
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        var response = await SendAsync("read", key, () => NewRequest(HttpMethod.Get, BlobUri(key)), cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw NotFound(key, response);
            if (response.StatusCode != HttpStatusCode.OK)
                throw await FailureAsync("read", key, response, cancellationToken);
            var md5 = response.Content.Headers.ContentMD5;
            if (md5 is null && _options.RequireChecksumOnRead)
                throw new InvalidDataException($"Blob '{Container}/{key}' has no Content-MD5, and RequireChecksumOnRead is set: it was not written by LiverScreen's store.");
            var length = response.Content.Headers.ContentLength ?? throw new AzureBlobException($"Azure Blob read of '{Container}/{key}' returned no Content-Length.", Container, key);
            var etag = response.Headers.ETag;
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new BlobReadStream(this, key, response, body, length, etag, md5);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes from <paramref name="offset"/> (fewer at the end of the object) with x-ms-range
    /// requests of at most 4 MiB, each verified against the range MD5 the service computes (x-ms-range-get-content-md5).
    /// Azure.Storage.Blobs: <c>container.GetBlobClient(key).DownloadStreamingAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length),
    /// TransferValidation = new DownloadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 } })</c>.
    /// </summary>
    public async Task<byte[]> ReadRangeAsync(string key, long offset, int length, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var result = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var piece = Math.Min(MaxVerifiedRangeBytes, length - filled);
            var start = offset + filled;
            var range = $"bytes={start}-{start + piece - 1}";
            using var response = await SendAsync("ranged read", key, () =>
            {
                var request = NewRequest(HttpMethod.Get, BlobUri(key));
                request.Headers.Add("x-ms-range", range);
                request.Headers.Add("x-ms-range-get-content-md5", "true");
                return request;
            }, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
                throw NotFound(key, response);
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                break; // offset at or past the end: nothing more to read
            if (response.StatusCode != HttpStatusCode.PartialContent)
                throw await FailureAsync("ranged read", key, response, cancellationToken);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var expected = response.Content.Headers.ContentMD5;
            if (expected is null)
                throw new InvalidDataException($"Ranged read of blob '{Container}/{key}' ({range}): the service returned no range MD5, so the bytes cannot be verified.");
            var actual = ContentMd5.Hash(bytes);
            if (!actual.AsSpan().SequenceEqual(expected))
                throw new InvalidDataException($"Checksum mismatch in ranged read of blob '{Container}/{key}' ({range}): service MD5 {Convert.ToBase64String(expected)}, received bytes hash to {Convert.ToBase64String(actual)}.");
            bytes.CopyTo(result, filled);
            filled += bytes.Length;
            if (bytes.Length < piece)
                break; // end of object
        }

        return filled == length ? result : result[..filled];
    }

    /// <summary>Azure.Storage.Blobs: <c>container.GetBlobClient(key).ExistsAsync()</c>.</summary>
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        using var response = await SendAsync("exists", key, () => NewRequest(HttpMethod.Head, BlobUri(key)), cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await FailureAsync("exists", key, response, cancellationToken),
        };
    }

    /// <summary>
    /// Flat listing of names under <paramref name="prefix"/>, following continuation markers page by page (the service
    /// returns names in lexicographic order). A missing container lists as empty.
    /// Azure.Storage.Blobs: <c>container.GetBlobsAsync(prefix: prefix).AsPages(pageSizeHint: ListPageSize)</c>.
    /// </summary>
    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        string? marker = null;
        do
        {
            var query = new StringBuilder("restype=container&comp=list&maxresults=").Append(_options.ListPageSize.ToString(CultureInfo.InvariantCulture));
            if (prefix.Length > 0)
                query.Append("&prefix=").Append(Uri.EscapeDataString(prefix));
            if (marker is not null)
                query.Append("&marker=").Append(Uri.EscapeDataString(marker));
            var uri = ContainerRequestUri(query.ToString());
            XDocument page;
            using (var response = await SendAsync("list", prefix, () => NewRequest(HttpMethod.Get, uri), cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.NotFound && ErrorCode(response) == "ContainerNotFound")
                    yield break;
                if (response.StatusCode != HttpStatusCode.OK)
                    throw await FailureAsync("list", prefix, response, cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                page = await XDocument.LoadAsync(body, LoadOptions.None, cancellationToken);
            }

            var root = page.Root ?? throw new AzureBlobException($"Azure Blob list of '{Container}' (prefix '{prefix}') returned an empty document.", Container, prefix);
            foreach (var name in root.Element("Blobs")?.Elements("Blob").Select(b => (string?)b.Element("Name")) ?? [])
            {
                if (name is not null)
                    yield return name;
            }

            marker = (string?)root.Element("NextMarker");
        }
        while (!string.IsNullOrEmpty(marker));
    }

    /// <summary>Deletes the object and its snapshots; deleting an absent key is not an error (stages re-run idempotently).
    /// Azure.Storage.Blobs: <c>container.GetBlobClient(key).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots)</c>.</summary>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ValidateKey(key);
        using var response = await SendAsync("delete", key, () =>
        {
            var request = NewRequest(HttpMethod.Delete, BlobUri(key));
            request.Headers.Add("x-ms-delete-snapshots", "include");
            return request;
        }, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK or HttpStatusCode.NotFound))
            throw await FailureAsync("delete", key, response, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }

    /// <summary>GET from <paramref name="offset"/> to the end, only if the object is still <paramref name="etag"/>: how a broken read resumes.</summary>
    internal async Task<HttpResponseMessage> OpenFromAsync(string key, long offset, EntityTagHeaderValue? etag, CancellationToken cancellationToken)
    {
        var response = await SendAsync("read", key, () =>
        {
            var request = NewRequest(HttpMethod.Get, BlobUri(key));
            request.Headers.Add("x-ms-range", $"bytes={offset}-");
            if (etag is not null)
                request.Headers.IfMatch.Add(etag);
            return request;
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.PartialContent)
            return response;
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.PreconditionFailed)
                throw new AzureBlobException($"Blob '{Container}/{key}' was replaced while it was being read; read it again.", Container, key, response.StatusCode, ErrorCode(response));
            throw await FailureAsync("read", key, response, cancellationToken);
        }
    }

    internal void LogResume(string key, long position, Exception reason)
    {
        Interlocked.Increment(ref _resumes);
        AzureBlobLog.ResumingRead(_logger, Container, key, position, reason.Message);
    }

    private async Task PutSingleAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var md5 = ContentMd5.Hash(data.Span);
        await SendWithContainerAsync("upload", key, () =>
        {
            var request = NewRequest(HttpMethod.Put, BlobUri(key), Content(data, md5));
            request.Headers.Add("x-ms-blob-type", "BlockBlob");
            return request;
        }, HttpStatusCode.Created, cancellationToken);
    }

    private async Task PutBlocksAsync(string key, byte[] first, int firstLength, Stream content, CancellationToken cancellationToken)
    {
        var blockSize = _options.BlockSizeBytes;
        using var whole = ContentMd5.CreateIncremental();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(_options.MaxParallelBlockUploads);
        var uploads = new List<Task>();
        var blockIds = new List<string>();
        byte[]? buffer = first;
        var length = firstLength;
        try
        {
            // A slot is taken before each block is read, and given back when its upload ends: at most
            // MaxParallelBlockUploads buffers exist at once.
            await slots.WaitAsync(failed.Token);
            while (true)
            {
                whole.AppendData(buffer, 0, length);
                // Ids must all have the same length within one blob; a fixed-width index keeps them ordered too.
                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"lsblk-{blockIds.Count:D8}"));
                blockIds.Add(blockId);
                uploads.Add(PutBlockAsync(key, blockId, buffer, length, slots, failed));
                buffer = null;

                if (uploads.Count % 16 == 0)
                    uploads.RemoveAll(t => t.IsCompletedSuccessfully);
                await slots.WaitAsync(failed.Token);
                buffer = ArrayPool<byte>.Shared.Rent(blockSize);
                length = await ReadFullAsync(content, buffer.AsMemory(0, blockSize), failed.Token);
                if (length == 0)
                {
                    slots.Release();
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A block failed: its exception (awaited below) is the one to report.
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            if (buffer is not null)
                ArrayPool<byte>.Shared.Return(buffer);
        }

        await Task.WhenAll(uploads);

        var md5 = whole.GetHashAndReset();
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
        foreach (var id in blockIds)
            xml.Append("<Latest>").Append(id).Append("</Latest>");
        var body = Encoding.UTF8.GetBytes(xml.Append("</BlockList>").ToString());
        await SendWithContainerAsync("commit block list", key, () =>
        {
            var request = NewRequest(HttpMethod.Put, BlobUri(key, "comp=blocklist"), Content(body, ContentMd5.Hash(body)));
            request.Headers.Add("x-ms-blob-content-md5", Convert.ToBase64String(md5));
            return request;
        }, HttpStatusCode.Created, cancellationToken);
    }

    private async Task PutBlockAsync(string key, string blockId, byte[] buffer, int length, SemaphoreSlim slots, CancellationTokenSource failed)
    {
        try
        {
            var data = buffer.AsMemory(0, length);
            var md5 = ContentMd5.Hash(data.Span);
            var uri = BlobUri(key, "comp=block&blockid=" + Uri.EscapeDataString(blockId));
            await SendWithContainerAsync("upload block", key, () => NewRequest(HttpMethod.Put, uri, Content(data, md5)), HttpStatusCode.Created, failed.Token);
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            slots.Release();
        }
    }

    /// <summary>Sends a write; when the container is missing and may be created, creates it and sends once more.</summary>
    private async Task SendWithContainerAsync(string operation, string key, Func<HttpRequestMessage> build, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await SendAsync(operation, key, build, cancellationToken);
            if (response.StatusCode == expected)
                return;
            if (attempt == 0 && _options.CreateContainerIfMissing && response.StatusCode == HttpStatusCode.NotFound && ErrorCode(response) == "ContainerNotFound")
            {
                await CreateContainerIfNotExistsAsync(cancellationToken);
                continue;
            }

            throw await FailureAsync(operation, key, response, cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, string key, Func<HttpRequestMessage> build, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        context.Properties.Set(BlobKey, key);
        try
        {
            // Each attempt builds and signs a fresh request: x-ms-date must be current and a request cannot be sent twice.
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) =>
                {
                    using var request = state.build();
                    state.self.Authorize(request);
                    return await state.self._http.SendAsync(request, state.completion, ctx.CancellationToken);
                },
                context,
                (self: this, build, completion));
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException && ex is not AzureBlobException)
        {
            throw new AzureBlobException(
                $"Azure Blob {operation} of '{Container}/{key}' failed after {_options.MaxRetryAttempts + 1} attempts: {ex.Message}", Container, key, innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline<HttpResponseMessage> BuildPipeline(AzureBlobOptions options)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome, args.Context.CancellationToken)),
                OnRetry = args =>
                {
                    Interlocked.Increment(ref _retries);
                    var reason = args.Outcome.Exception?.Message ?? $"HTTP {(int)args.Outcome.Result!.StatusCode} {ErrorCode(args.Outcome.Result)}";
                    AzureBlobLog.Retrying(_logger, args.Context.Properties.GetValue(OperationKey, "request"), Container,
                        args.Context.Properties.GetValue(BlobKey, string.Empty), args.AttemptNumber + 1, reason, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken callerToken)
    {
        if (outcome.Exception is { } ex)
            return ex is HttpRequestException or TimeoutRejectedException or IOException
                || (ex is OperationCanceledException && !callerToken.IsCancellationRequested);
        var status = (int)outcome.Result!.StatusCode;
        return status >= 500 || status is 408 or 429;
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri uri, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Add("x-ms-date", _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", ServiceVersion);
        return request;
    }

    private void Authorize(HttpRequestMessage request)
    {
        if (_accountKey is not null)
        {
            request.Headers.Remove("x-ms-date");
            request.Headers.Add("x-ms-date", _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
            SharedKeySigner.Authorize(request, _accountName, _accountKey);
        }
    }

    private static ReadOnlyMemoryContent Content(ReadOnlyMemory<byte> data, byte[] md5)
    {
        var content = new ReadOnlyMemoryContent(data);
        content.Headers.ContentMD5 = md5;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private Uri BlobUri(string key, string? query = null)
    {
        // Each '/'-separated segment is escaped on its own so the key's folders stay folders in the portal.
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        return WithQuery(_containerUrl + "/" + path, query);
    }

    private Uri ContainerRequestUri(string query) => WithQuery(_containerUrl, query);

    private Uri WithQuery(string url, string? query)
    {
        var parts = new[] { query, _sas }.Where(q => !string.IsNullOrEmpty(q)).ToArray();
        return new Uri(parts.Length == 0 ? url : url + "?" + string.Join('&', parts));
    }

    private FileNotFoundException NotFound(string key, HttpResponseMessage response) =>
        new($"Blob '{key}' not found in container '{Container}' ({ErrorCode(response) ?? "404"}) at {_containerUrl}.", key);

    private async Task<AzureBlobException> FailureAsync(string operation, string key, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = ErrorCode(response);
        string detail = string.Empty;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var message = body.Length > 0 && body.TrimStart().StartsWith('<') ? (string?)XDocument.Parse(body).Root?.Element("Message") : null;
            detail = message is null ? string.Empty : ": " + message.Split('\n')[0].Trim();
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or HttpRequestException or IOException)
        {
            // The status and error code already say what went wrong.
        }

        var hint = response.StatusCode == HttpStatusCode.Forbidden
            ? " (check the account key or SAS: permissions, expiry, and the clock)"
            : string.Empty;
        return new AzureBlobException(
            $"Azure Blob {operation} of '{Container}/{key}' failed: HTTP {(int)response.StatusCode} {code}{detail}{hint}", Container, key, response.StatusCode, code);
    }

    private static string? ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var values) ? values.FirstOrDefault() : null;

    private static void ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal) || key.Length > 1024)
            throw new ArgumentException($"Object key '{key}' must be a relative '/'-separated path of at most 1,024 characters.", nameof(key));
    }

    private static async Task<int> ReadFullAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer[total..], cancellationToken);
            if (n == 0)
                break;
            total += n;
        }

        return total;
    }
}
