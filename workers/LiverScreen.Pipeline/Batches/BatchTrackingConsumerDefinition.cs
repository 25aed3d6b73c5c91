using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Stages;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Batches;

/// <summary>One message at a time: completion is a read-check-write over the whole batch. In distributed mode run
/// one aggregation instance (or add a database-level guard; see docs/pipeline.md).</summary>
public sealed class BatchTrackingConsumerDefinition : ConsumerDefinition<BatchTrackingConsumer>
{
    private readonly PipelineOptions _options;

    public BatchTrackingConsumerDefinition(IOptions<PipelineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = EndpointNames.BatchTracking;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<BatchTrackingConsumer> consumerConfigurator, IRegistrationContext context)
    {
        StageRetry.Configure(endpointConfigurator, _options);
    }
}
