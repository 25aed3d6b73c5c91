using System.Globalization;
using System.Text;

namespace LiverScreen.Storage.Azure;

/// <summary>
/// Service SAS tokens for one container (signed version 2020-12-06 string-to-sign), e.g. to hand a viewer read-only
/// access to results without the account key. Azure.Storage.Blobs: BlobSasBuilder.ToSasQueryParameters(credential).
/// </summary>
public static class BlobSas
{
    public const string SignedVersion = "2020-12-06";

    /// <param name="permissions">Service SAS letters in canonical order, e.g. "r" (read), "rl", "racwdl".</param>
    public static string CreateContainerSas(string accountName, ReadOnlySpan<byte> accountKey, string container, string permissions, DateTimeOffset expiresOn, DateTimeOffset? startsOn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentException.ThrowIfNullOrEmpty(permissions);
        var start = startsOn is { } s ? Format(s) : string.Empty;
        var expiry = Format(expiresOn);
        var canonicalResource = $"/blob/{accountName}/{container}";
        const string protocol = "https,http";
        // Fields: sp, st, se, canonicalized resource, si, sip, spr, sv, sr, snapshot time, ses, rscc, rscd, rsce, rscl, rsct.
        var stringToSign = string.Join('\n', permissions, start, expiry, canonicalResource, string.Empty, string.Empty, protocol,
            SignedVersion, "c", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty);
        var signature = SharedKeySigner.Sign(stringToSign, accountKey);
        var sb = new StringBuilder();
        sb.Append("sv=").Append(SignedVersion);
        if (start.Length > 0)
            sb.Append("&st=").Append(Uri.EscapeDataString(start));
        sb.Append("&se=").Append(Uri.EscapeDataString(expiry))
            .Append("&sr=c&sp=").Append(permissions)
            .Append("&spr=").Append(Uri.EscapeDataString(protocol))
            .Append("&sig=").Append(Uri.EscapeDataString(signature));
        return sb.ToString();
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
