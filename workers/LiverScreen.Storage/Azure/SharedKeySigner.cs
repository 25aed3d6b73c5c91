using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace LiverScreen.Storage.Azure;

/// <summary>
/// Shared Key authorisation for the Blob service (x-ms-version 2009-09-19 and later): an HMAC-SHA256, keyed by the
/// account key, over VERB, the standard headers, the canonicalised x-ms-* headers and the canonicalised resource.
/// Azure.Storage.Blobs: StorageSharedKeyCredential + its StorageSharedKeyPipelinePolicy do this.
/// </summary>
public static class SharedKeySigner
{
    /// <summary>Sets the Authorization header of a request whose x-ms-date and x-ms-version are already set.</summary>
    public static void Authorize(HttpRequestMessage request, string accountName, ReadOnlySpan<byte> accountKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        var signature = Sign(StringToSign(request, accountName), accountKey);
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{accountName}:{signature}");
    }

    public static string Sign(string stringToSign, ReadOnlySpan<byte> accountKey) =>
        Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The exact string the service signs; exposed so a 403 AuthenticationFailed can be compared with the server's.</summary>
    public static string StringToSign(HttpRequestMessage request, string accountName)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        var content = request.Content?.Headers;
        // Since 2015-02-21 a zero Content-Length is signed as the empty string.
        var length = content?.ContentLength is { } l && l > 0 ? l.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var sb = new StringBuilder(256);
        sb.Append(request.Method.Method).Append('\n')
            .Append(Header(content, "Content-Encoding")).Append('\n')
            .Append(Header(content, "Content-Language")).Append('\n')
            .Append(length).Append('\n')
            .Append(content?.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : string.Empty).Append('\n')
            .Append(content?.ContentType?.ToString() ?? string.Empty).Append('\n')
            .Append(string.Empty).Append('\n') // Date: x-ms-date is always sent instead.
            .Append(Header(request.Headers, "If-Modified-Since")).Append('\n')
            .Append(Header(request.Headers, "If-Match")).Append('\n')
            .Append(Header(request.Headers, "If-None-Match")).Append('\n')
            .Append(Header(request.Headers, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request.Headers, "Range")).Append('\n');
        AppendCanonicalizedHeaders(sb, request.Headers);
        AppendCanonicalizedResource(sb, request.RequestUri, accountName);
        return sb.ToString();
    }

    private static string Header(HttpHeaders? headers, string name) =>
        headers is not null && headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    private static void AppendCanonicalizedHeaders(StringBuilder sb, HttpRequestHeaders headers)
    {
        var msHeaders = headers
            .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value.Select(v => v.Trim()))))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
            sb.Append(name).Append(':').Append(value).Append('\n');
    }

    /// <summary>
    /// "/account" + the URI's encoded path (for path-style Azurite URIs the path already starts with the account, which is
    /// then present twice, as the service expects), then each query parameter as "\nname:value1,value2", names lower-case and sorted.
    /// </summary>
    private static void AppendCanonicalizedResource(StringBuilder sb, Uri uri, string accountName)
    {
        sb.Append('/').Append(accountName).Append(uri.AbsolutePath.Length > 0 ? uri.AbsolutePath : "/");
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
            return;
        var parameters = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(kv => (Name: Uri.UnescapeDataString(kv[0]).ToLowerInvariant(), Value: kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty))
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
            sb.Append('\n').Append(group.Key).Append(':').Append(string.Join(",", group.Select(p => p.Value).Order(StringComparer.Ordinal)));
    }
}
