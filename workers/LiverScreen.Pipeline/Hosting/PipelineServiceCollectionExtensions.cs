using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Replay;
using LiverScreen.Pipeline.Reports;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using LiverScreen.Storage;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// Composition of the pipeline: options (bound by section, validated at start), storage, results database, the shared
/// services and the bus with the consumers of the selected components. Business code receives options and services; it
/// never reads IConfiguration.
/// </summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>Everything for a worker or a CLI host: core services, database migration at start, and the bus.</summary>
    public static IServiceCollection AddLiverScreenPipeline(this IServiceCollection services, IConfiguration configuration, WorkerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddPipelineCore();
        services.AddHostedService<DatabaseMigrator>();

        // The transport must be known while registering the bus, so composition (not business code) reads it here.
        var transport = configuration.GetSection(TransportOptions.SectionName).Get<TransportOptions>() ?? new TransportOptions();
        services.AddTransportServices(transport);
        services.AddMassTransit(bus =>
        {
            bus.AddPipelineComponents(selection);
            PipelineTransport.Configure(bus, transport);
        });
        return services;
    }

    /// <summary>Options, store, database and the services consumers use; no bus (tests add the MassTransit harness).</summary>
    public static IServiceCollection AddPipelineCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<TransportOptions>().BindConfiguration(TransportOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PipelineOptions>().BindConfiguration(PipelineOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IObjectStore>(sp => PipelineStorage.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
        services.AddDbContextFactory<ResultsDbContext>((sp, options) =>
            PipelineDatabase.Configure(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<StageRunner>();
        services.TryAddSingleton<IKeySliceRenderer, NoKeySliceRenderer>();
        services.TryAddSingleton<ReportPublisher>();
        services.TryAddSingleton<BatchSubmitter>();
        services.TryAddSingleton<StudySourceUploader>();
        services.TryAddSingleton<BatchProgressReader>();
        services.TryAddSingleton<IErrorQueueReplayer, DatabaseErrorQueueReplayer>();
        return services;
    }

    /// <summary>Adds the consumers of the selected components (each through its stage's own extension method).</summary>
    public static IBusRegistrationConfigurator AddPipelineComponents(this IBusRegistrationConfigurator bus, WorkerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Has(PipelineComponent.Ingest))
        {
            bus.AddIngestStage();
        }

        if (selection.Has(PipelineComponent.Align))
        {
            bus.AddAlignStage();
        }

        if (selection.Has(PipelineComponent.Segment))
        {
            bus.AddSegmentStage();
        }

        if (selection.Has(PipelineComponent.Reclassify))
        {
            bus.AddReclassifyStage();
        }

        if (selection.Has(PipelineComponent.Triage))
        {
            bus.AddTriageStage();
        }

        if (selection.Has(PipelineComponent.Aggregation))
        {
            bus.AddBatchTracking();
        }

        return bus;
    }
}
