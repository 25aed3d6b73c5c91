namespace LiverScreen.Storage.Azure;

/// <summary>
/// The parts of an Azure Storage connection string this store uses. Accepts "UseDevelopmentStorage=true" (Azurite on
/// its default port), AccountName/AccountKey with DefaultEndpointsProtocol/EndpointSuffix or BlobEndpoint, and
/// SharedAccessSignature with BlobEndpoint.
/// </summary>
public sealed record AzureStorageConnectionString(Uri BlobEndpoint, string AccountName, string? AccountKey, string? SharedAccessSignature)
{
    /// <summary>The published Azurite / storage-emulator account key (not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string DevelopmentAccountName = "devstoreaccount1";

    public static AzureStorageConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = segment.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new FormatException($"segment '{Redact(segment)}' is not Name=Value.");
            parts[segment[..eq].Trim()] = segment[(eq + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new AzureStorageConnectionString(new Uri($"http://127.0.0.1:10000/{DevelopmentAccountName}"), DevelopmentAccountName, DevelopmentAccountKey, null);
        }

        parts.TryGetValue("AccountName", out var account);
        parts.TryGetValue("AccountKey", out var key);
        parts.TryGetValue("SharedAccessSignature", out var sas);
        Uri endpoint;
        if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            if (!Uri.TryCreate(blobEndpoint, UriKind.Absolute, out endpoint!))
                throw new FormatException($"BlobEndpoint '{blobEndpoint}' is not an absolute URI.");
            account ??= AccountFromEndpoint(endpoint);
        }
        else
        {
            if (account is null)
                throw new FormatException("neither AccountName nor BlobEndpoint is given.");
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https");
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = new Uri($"{protocol}://{account}.blob.{suffix}");
        }

        if (account is null)
            throw new FormatException("AccountName is missing and cannot be read from BlobEndpoint.");
        if (key is null && sas is null)
            throw new FormatException("neither AccountKey nor SharedAccessSignature is given.");
        return new AzureStorageConnectionString(endpoint, account, key, sas);
    }

    /// <summary>Host-style endpoints carry the account as the first host label; path-style ones (Azurite, IP) as the first path segment.</summary>
    private static string? AccountFromEndpoint(Uri endpoint)
    {
        var path = endpoint.AbsolutePath.Trim('/');
        if (endpoint.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || endpoint.IsLoopback)
            return path.Length > 0 ? path.Split('/')[0] : null;
        var dot = endpoint.Host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? endpoint.Host[..dot] : null;
    }

    /// <summary>Never prints the key or the SAS signature (records would print every property).</summary>
    public override string ToString() =>
        $"BlobEndpoint={BlobEndpoint}; AccountName={AccountName}; AccountKey={(AccountKey is null ? "-" : "***")}; SharedAccessSignature={(SharedAccessSignature is null ? "-" : "***")}";

    private static string Redact(string segment) => segment.Length > 12 ? segment[..12] + "..." : segment;
}
