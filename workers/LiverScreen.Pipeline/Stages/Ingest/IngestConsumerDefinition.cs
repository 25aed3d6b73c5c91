using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Stages.Ingest;

/// <summary>Queue name, concurrency and retry of the Ingest stage; see docs/pipeline.md.</summary>
public sealed class IngestConsumerDefinition : ConsumerDefinition<IngestConsumer>
{
    private readonly PipelineOptions _options;

    public IngestConsumerDefinition(IOptions<PipelineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = EndpointNames.Ingest;
        ConcurrentMessageLimit = _options.IngestConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<IngestConsumer> consumerConfigurator, IRegistrationContext context)
    {
        StageRetry.Configure(endpointConfigurator, _options);
    }
}
