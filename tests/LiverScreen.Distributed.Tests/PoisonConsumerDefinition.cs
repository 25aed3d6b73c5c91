using MassTransit;

namespace LiverScreen.Distributed.Tests;

/// <summary>Retry lives in the definition (house style), in process: the delayed-exchange plugin is absent here.</summary>
public sealed class PoisonConsumerDefinition : ConsumerDefinition<PoisonConsumer>
{
    public const int Retries = 2;

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<PoisonConsumer> consumerConfigurator, IRegistrationContext context)
    {
        endpointConfigurator.UseMessageRetry(r => r.Intervals(50, 100));
    }
}
