using LiverScreen.Pipeline.Configuration;
using MassTransit;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// The one place the message transport is chosen. Endpoints are configured from the consumer definitions, so queue
/// names, retry and concurrency are the same on every transport. Distributed mode (issue 9) adds the RabbitMQ case
/// here (quorum queues, publisher confirms, prefetch per pool) and its error-queue replayer; Azure Service Bus would be
/// one more case when its packages restore.
/// </summary>
public static class PipelineTransport
{
    public static void Configure(IBusRegistrationConfigurator bus, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Kind)
        {
            case TransportKind.InMemory:
                bus.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
                break;
            default:
                throw new NotSupportedException($"Transport '{options.Kind}' is not built yet (distributed mode, issue 9). Use Transport__Kind=InMemory.");
        }
    }
}
