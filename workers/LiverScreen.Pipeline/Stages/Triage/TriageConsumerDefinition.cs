using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using MassTransit;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Stages.Triage;

/// <summary>Queue name, concurrency and retry of the Triage stage; see docs/pipeline.md.</summary>
public sealed class TriageConsumerDefinition : ConsumerDefinition<TriageConsumer>
{
    private readonly PipelineOptions _options;

    public TriageConsumerDefinition(IOptions<PipelineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        EndpointName = EndpointNames.Triage;
        ConcurrentMessageLimit = _options.TriageConcurrency;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TriageConsumer> consumerConfigurator, IRegistrationContext context)
    {
        StageRetry.Configure(endpointConfigurator, _options);
    }
}
