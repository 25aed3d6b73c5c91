using LiverScreen.Pipeline.Hosting;
using MassTransit;

namespace LiverScreen.Pipeline.Batches;

public sealed class StageFaultConsumerDefinition : ConsumerDefinition<StageFaultConsumer>
{
    public StageFaultConsumerDefinition()
    {
        EndpointName = EndpointNames.StageFaults;
        ConcurrentMessageLimit = 1;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<StageFaultConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Recording a fault only touches the database; a locked SQLite file is the one transient worth retrying.
        endpointConfigurator.UseMessageRetry(r => r.Interval(5, TimeSpan.FromMilliseconds(200)));
    }
}
