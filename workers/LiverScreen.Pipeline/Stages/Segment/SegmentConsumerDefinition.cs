using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Stages.Segment;

/// <summary>Queue name, concurrency and retry of the Segment stage; see docs/pipeline.md.</summary>
public sealed class SegmentConsumerDefinition : ConsumerDefinition<SegmentConsumer>
{
    private readonly PipelineOptions _options;

    public SegmentConsumerDefinition(IOptions<PipelineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = EndpointNames.Segment;
        ConcurrentMessageLimit = _options.SegmentConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SegmentConsumer> consumerConfigurator, IRegistrationContext context)
    {
        StageRetry.Configure(endpointConfigurator, _options);
    }
}
