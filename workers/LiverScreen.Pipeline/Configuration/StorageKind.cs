namespace LiverScreen.Pipeline.Configuration;

/// <summary>Where volumes, probability maps and result documents live.</summary>
public enum StorageKind
{
    /// <summary>A local folder (LiverScreen.Storage.Local): the embedded default.</summary>
    Local,

    /// <summary>Azure Blob storage (distributed mode, issue 9): added in Hosting/PipelineStorage.cs.</summary>
    AzureBlob,
}
