using LiverScreen.Pipeline.Configuration;
using LiverScreen.Storage;
using LiverScreen.Storage.Local;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>The one place the object store is chosen. Distributed mode adds the AzureBlob case (Storage/Azure).</summary>
public static class PipelineStorage
{
    public static IObjectStore Create(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            StorageKind.Local => new LocalFileObjectStore(options.LocalRoot),
            _ => throw new NotSupportedException($"Storage '{options.Kind}' is not built yet (distributed mode, issue 9). Use Storage__Kind=Local."),
        };
    }
}
