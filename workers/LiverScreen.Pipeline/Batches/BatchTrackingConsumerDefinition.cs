using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Stages;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Batches;

/// <summary>One message at a time per process (completion reads the whole batch; running them one by one keeps that
/// work low). Several processes may host aggregation: the consumer completes a batch through conditional updates, so
/// only one of them completes it (see <see cref="BatchTrackingConsumer"/>).</summary>
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
