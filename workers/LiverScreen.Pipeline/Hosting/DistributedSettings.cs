using LiverScreen.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// Start-up check of distributed mode: every missing or contradictory setting of transport, storage and database at
/// once, each naming the key (and environment variable) to set. Workers and `--distributed` commands call it before
/// building a host, so an operator fixes everything in one round instead of one exception at a time.
/// </summary>
public static class DistributedSettings
{
    /// <summary>Problems with the configuration for a process that must reach the shared servers; empty when usable.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();
        var transport = configuration.GetSection(TransportOptions.SectionName).Get<TransportOptions>() ?? new TransportOptions();
        if (transport.Kind != TransportKind.RabbitMq)
        {
            errors.Add($"Transport:Kind is {transport.Kind}: separate processes need a broker. Set Transport__Kind=RabbitMq.");
        }
        else
        {
            errors.AddRange(PipelineTransport.BrokerOptions(transport).Validate());
        }

        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (storage.Kind == StorageKind.AzureBlob)
        {
            errors.AddRange(storage.AzureBlob.ApplyEnvironment().Validate());
        }
        else if (string.IsNullOrEmpty(configuration["Storage:LocalRoot"]))
        {
            errors.Add("Storage:Kind is Local with no Storage:LocalRoot shared by every worker. Set Storage__Kind=AzureBlob (with LIVERSCREEN_BLOB_CONNECTION_STRING) or a shared Storage__LocalRoot.");
        }

        var database = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.Kind != DatabaseKind.PostgreSql)
        {
            errors.Add($"Database:Kind is {database.Kind}: workers on several machines need a server database. Set Database__Kind=PostgreSql.");
        }
        else if (string.IsNullOrWhiteSpace(configuration["Database:ConnectionString"]))
        {
            errors.Add("Database:ConnectionString is not set (environment Database__ConnectionString, e.g. Host=db;Username=liverscreen;Password=...;Database=liverscreen).");
        }

        return errors;
    }
}
