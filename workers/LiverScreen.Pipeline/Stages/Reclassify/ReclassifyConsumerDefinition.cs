using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Stages.Reclassify;

/// <summary>Queue name, concurrency and retry of the Reclassify stage; see docs/pipeline.md.</summary>
public sealed class ReclassifyConsumerDefinition : ConsumerDefinition<ReclassifyConsumer>
{
    private readonly PipelineOptions _options;

    public ReclassifyConsumerDefinition(IOptions<PipelineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = EndpointNames.Reclassify;
        ConcurrentMessageLimit = _options.ReclassifyConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ReclassifyConsumer> consumerConfigurator, IRegistrationContext context)
    {
        StageRetry.Configure(endpointConfigurator, _options);
    }
}
