using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Replay;
using LiverScreen.Pipeline.Transport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// The one place the message transport is chosen. Endpoints are configured from the consumer definitions, so queue
/// names, retry (in-process UseMessageRetry) and concurrency are the same on every transport.
/// <para>Adding Azure Service Bus (the design's production transport; MassTransit.Azure.ServiceBus.Core does not restore
/// on this machine) is one more <see cref="TransportKind"/> value and one more case in <see cref="Configure"/> calling
/// <c>bus.UsingAzureServiceBus(...)</c> with the same ConfigureEndpoints, plus its error-queue replayer in
/// <see cref="AddTransportServices"/>: no consumer, definition or command changes.</para>
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
            case TransportKind.RabbitMq:
                // Quorum queues, publisher confirms, prefetch per stage (RabbitMqTransport.PrefetchFor); "{queue}_error"
                // per stage endpoint by MassTransit convention. Throws naming the missing setting when the URI is unset.
                bus.UsingLiverScreenRabbitMq(BrokerOptions(options));
                break;
            default:
                throw new NotSupportedException($"Transport '{options.Kind}' is not supported. Use Transport__Kind=InMemory or RabbitMq.");
        }
    }

    /// <summary>Transport-specific services: with a broker, `replay` drains the broker's _error queues.</summary>
    public static IServiceCollection AddTransportServices(this IServiceCollection services, TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kind == TransportKind.RabbitMq)
        {
            var broker = BrokerOptions(options);
            services.AddSingleton(broker);
            // Replaces the database replayer that AddPipelineCore registers for the in-memory transport.
            services.Replace(ServiceDescriptor.Singleton<IErrorQueueReplayer, RabbitMqErrorQueueReplayer>());
        }

        return services;
    }

    /// <summary>The broker options with the URI resolved: Transport:RabbitMq:Uri, then Transport:Host, then LIVERSCREEN_RABBITMQ_URI.</summary>
    public static RabbitMqBrokerOptions BrokerOptions(TransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var broker = options.RabbitMq;
        if (broker.Uri is null && !string.IsNullOrWhiteSpace(options.Host) && Uri.TryCreate(options.Host, UriKind.Absolute, out var host))
        {
            broker.Uri = host;
        }

        return broker.ApplyEnvironment();
    }
}
