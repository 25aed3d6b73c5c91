using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Stages.Align;

/// <summary>Queue name, concurrency and retry of the Align stage; see docs/pipeline.md.</summary>
public sealed class AlignConsumerDefinition : ConsumerDefinition<AlignConsumer>
{
    private readonly PipelineOptions _options;

    public AlignConsumerDefinition(IOptions<PipelineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = EndpointNames.Align;
        ConcurrentMessageLimit = _options.AlignConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<AlignConsumer> consumerConfigurator, IRegistrationContext context)
    {
        StageRetry.Configure(endpointConfigurator, _options);
    }
}
