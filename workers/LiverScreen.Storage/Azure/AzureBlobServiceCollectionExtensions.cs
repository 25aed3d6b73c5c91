using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiverScreen.Storage.Azure;

/// <summary>How a host selects Azure Blob storage: one call where the storage choice is made.</summary>
public static class AzureBlobServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AzureBlobObjectStore"/> as the shared <see cref="IObjectStore"/>, bound from
    /// <paramref name="sectionName"/> with LIVERSCREEN_BLOB_* environment fall-backs, validated when the host starts (the
    /// error lists every missing setting). Azure.Storage.Blobs: register one <c>BlobContainerClient</c> here instead.
    /// </summary>
    public static IServiceCollection AddAzureBlobObjectStore(this IServiceCollection services, string sectionName = AzureBlobOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AzureBlobOptions>()
            .BindConfiguration(sectionName)
            .PostConfigure(o => o.ApplyEnvironment())
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureBlobOptions>, AzureBlobOptionsValidator>();
        services.AddSingleton(sp => new AzureBlobObjectStore(
            sp.GetRequiredService<IOptions<AzureBlobOptions>>().Value,
            sp.GetService<ILogger<AzureBlobObjectStore>>()));
        services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<AzureBlobObjectStore>());
        return services;
    }
}
