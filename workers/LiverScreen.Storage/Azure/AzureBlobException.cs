using System.Net;

namespace LiverScreen.Storage.Azure;

/// <summary>
/// A Blob service request that failed for good (after retries where retrying made sense). The message names the
/// operation, the container and the key, the HTTP status and the service's x-ms-error-code. An <see cref="IOException"/>,
/// so stage consumers treat it like any other storage I/O failure.
/// </summary>
public sealed class AzureBlobException : IOException
{
    public AzureBlobException(string message, string container, string? key, HttpStatusCode? statusCode = null, string? errorCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Container = container;
        Key = key;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public AzureBlobException()
        : this("Azure Blob request failed.", string.Empty, null)
    {
    }

    public AzureBlobException(string message)
        : this(message, string.Empty, null)
    {
    }

    public AzureBlobException(string message, Exception innerException)
        : this(message, string.Empty, null, innerException: innerException)
    {
    }

    public string Container { get; }

    public string? Key { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The service's x-ms-error-code, e.g. "AuthenticationFailed", "InvalidBlockList".</summary>
    public string? ErrorCode { get; }
}
