using LiverScreen.Pipeline.Configuration;
using LiverScreen.Storage;
using LiverScreen.Storage.Azure;
using LiverScreen.Storage.Local;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// The one place the object store is chosen: a local folder (embedded) or Azure Blob storage (distributed; our REST
/// client, replaced by Azure.Storage.Blobs where that package restores — see Storage/Azure/AzureBlobObjectStore.cs).
/// </summary>
public static class PipelineStorage
{
    public static IObjectStore Create(StorageOptions options, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Kind)
        {
            case StorageKind.Local:
                return new LocalFileObjectStore(options.LocalRoot);
            case StorageKind.AzureBlob:
                // Credentials only from configuration or the environment (LIVERSCREEN_BLOB_*); ThrowIfInvalid names every
                // missing setting. The store retries 5xx/refused connections itself (Polly), so a short outage is ridden out.
                options.AzureBlob.ApplyEnvironment();
                options.AzureBlob.ThrowIfInvalid();
                return new AzureBlobObjectStore(options.AzureBlob, loggers?.CreateLogger<AzureBlobObjectStore>());
            default:
                throw new NotSupportedException($"Storage '{options.Kind}' is not supported. Use Storage__Kind=Local or AzureBlob.");
        }
    }
}
