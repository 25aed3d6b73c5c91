using System.Text.RegularExpressions;

namespace LiverScreen.Storage.Azure;

/// <summary>
/// Where and how the Azure Blob object store connects. Credentials come from configuration or the environment at run
/// time and are never committed: either <see cref="ConnectionString"/>, or <see cref="AccountName"/> with
/// <see cref="AccountKey"/> (Shared Key) or <see cref="SasToken"/>. Bound from the "Storage:AzureBlob" section
/// (environment: Storage__AzureBlob__ConnectionString, ...) or, when unset there, from the LIVERSCREEN_BLOB_* variables
/// read by <see cref="ApplyEnvironment"/>. <see cref="Validate"/> says exactly what is missing.
/// </summary>
public sealed partial class AzureBlobOptions
{
    public const string SectionName = "Storage:AzureBlob";

    public const string ConnectionStringVariable = "LIVERSCREEN_BLOB_CONNECTION_STRING";
    public const string AccountNameVariable = "LIVERSCREEN_BLOB_ACCOUNT";
    public const string AccountKeyVariable = "LIVERSCREEN_BLOB_KEY";
    public const string SasTokenVariable = "LIVERSCREEN_BLOB_SAS";
    public const string EndpointVariable = "LIVERSCREEN_BLOB_ENDPOINT";
    public const string ContainerVariable = "LIVERSCREEN_BLOB_CONTAINER";

    /// <summary>An Azure Storage connection string (AccountName/AccountKey, BlobEndpoint, SharedAccessSignature, or UseDevelopmentStorage=true).</summary>
    public string? ConnectionString { get; set; }

    public string? AccountName { get; set; }

    /// <summary>Base64 account key for Shared Key authorisation.</summary>
    public string? AccountKey { get; set; }

    /// <summary>A SAS token (with or without the leading '?'), used instead of a key.</summary>
    public string? SasToken { get; set; }

    /// <summary>Blob service endpoint; defaults to https://{account}.blob.core.windows.net. For Azurite: http://127.0.0.1:PORT/devstoreaccount1.</summary>
    public Uri? BlobEndpoint { get; set; }

    public string Container { get; set; } = "liverscreen";

    /// <summary>Objects up to this size go up in one Put Blob; larger ones as blocks of this size (Put Block + Put Block List).</summary>
    public int BlockSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Blocks in flight at once during a block upload; memory used is about this many blocks.</summary>
    public int MaxParallelBlockUploads { get; set; } = 4;

    /// <summary>Names per List Blobs page (the service caps it at 5,000).</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>Retries after the first attempt for 5xx, 408, 429, connection failures and attempt time-outs.</summary>
    public int MaxRetryAttempts { get; set; } = 6;

    /// <summary>First retry delay; later ones grow exponentially with jitter up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Limit for one HTTP attempt until response headers arrive (a stalled server is retried, not waited on forever).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Create the container on the first write that finds it missing (needs a key or a SAS with account scope).</summary>
    public bool CreateContainerIfMissing { get; set; } = true;

    /// <summary>Fail reads of blobs that carry no Content-MD5 (written by something else than this store).</summary>
    public bool RequireChecksumOnRead { get; set; }

    /// <summary>Fills unset credentials and endpoint from the LIVERSCREEN_BLOB_* environment variables.</summary>
    public AzureBlobOptions ApplyEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        ConnectionString ??= NullIfEmpty(getVariable(ConnectionStringVariable));
        AccountName ??= NullIfEmpty(getVariable(AccountNameVariable));
        AccountKey ??= NullIfEmpty(getVariable(AccountKeyVariable));
        SasToken ??= NullIfEmpty(getVariable(SasTokenVariable));
        if (BlobEndpoint is null && NullIfEmpty(getVariable(EndpointVariable)) is { } endpoint)
            BlobEndpoint = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{EndpointVariable} is not an absolute URI: '{endpoint}'.");
        if (NullIfEmpty(getVariable(ContainerVariable)) is { } container)
            Container = container;
        return this;
    }

    /// <summary>Every problem with these options, each naming the setting to fix; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ConnectionString is not null)
        {
            try
            {
                _ = AzureStorageConnectionString.Parse(ConnectionString);
            }
            catch (FormatException ex)
            {
                errors.Add($"{SectionName}:ConnectionString is malformed: {ex.Message}");
            }
        }
        else if (AccountName is null)
        {
            errors.Add($"{SectionName}: no credentials. Set ConnectionString ({ConnectionStringVariable} or Storage__AzureBlob__ConnectionString), "
                + $"or AccountName ({AccountNameVariable}) with AccountKey ({AccountKeyVariable}) or SasToken ({SasTokenVariable}).");
        }
        else if (AccountKey is null && SasToken is null)
        {
            errors.Add($"{SectionName}: AccountName '{AccountName}' is set but neither AccountKey ({AccountKeyVariable}) nor SasToken ({SasTokenVariable}) is.");
        }

        if (AccountKey is not null && !IsBase64(AccountKey))
            errors.Add($"{SectionName}:AccountKey is not valid base64 (copy the key exactly as the portal shows it).");
        if (!ContainerName().IsMatch(Container ?? string.Empty) || Container!.Contains("--", StringComparison.Ordinal))
            errors.Add($"{SectionName}:Container '{Container}' is not a valid container name (3-63 lowercase letters, digits and single hyphens, starting with a letter or digit).");
        if (BlockSizeBytes is < 64 * 1024 or > 100 * 1024 * 1024)
            errors.Add($"{SectionName}:BlockSizeBytes {BlockSizeBytes} is outside 64 KiB..100 MiB.");
        if (MaxParallelBlockUploads is < 1 or > 64)
            errors.Add($"{SectionName}:MaxParallelBlockUploads {MaxParallelBlockUploads} is outside 1..64.");
        if (ListPageSize is < 1 or > 5000)
            errors.Add($"{SectionName}:ListPageSize {ListPageSize} is outside 1..5000.");
        if (MaxRetryAttempts is < 0 or > 50)
            errors.Add($"{SectionName}:MaxRetryAttempts {MaxRetryAttempts} is outside 0..50.");
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            errors.Add($"{SectionName}: RetryBaseDelay must be positive and RetryMaxDelay at least RetryBaseDelay.");
        if (AttemptTimeout < TimeSpan.FromSeconds(1))
            errors.Add($"{SectionName}:AttemptTimeout must be at least one second.");
        return errors;
    }

    /// <summary>Throws with every validation message when the options are unusable.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new InvalidOperationException("Azure Blob storage is not configured: " + string.Join(" ", errors));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsBase64(string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        return value.Length <= 340 && Convert.TryFromBase64String(value, buffer, out var written) && written > 0;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerName();
}
