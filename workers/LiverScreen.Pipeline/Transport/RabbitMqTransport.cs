using MassTransit;

namespace LiverScreen.Pipeline.Transport;

/// <summary>
/// Distributed mode's transport in one place: RabbitMQ through MassTransit 8.4 with quorum queues, publisher confirms
/// and per-stage prefetch. Failed messages go, after the endpoint's retries (set in each consumer definition), to
/// MassTransit's "&lt;queue&gt;_error" queue, from which `replay` moves them back. Azure Service Bus would be the
/// production transport (MassTransit.Azure.ServiceBus.Core does not restore here): it would be a sibling
/// UsingLiverScreenServiceBus chosen by the same configuration switch, with no consumer changes.
/// </summary>
public static class RabbitMqTransport
{
    /// <summary>
    /// Registers RabbitMQ as the bus. Call inside AddMassTransit after the consumers; <paramref name="configure"/> may add
    /// bus-level settings before endpoints are configured from the registrations.
    /// </summary>
    public static void UsingLiverScreenRabbitMq(this IBusRegistrationConfigurator bus, RabbitMqBrokerOptions options,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var uri = options.Uri!;
        var (user, password) = Credentials(uri);

        bus.AddConfigureEndpointsCallback((name, endpoint) =>
        {
            if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbit)
                return;
            if (options.QuorumQueues)
                rabbit.SetQuorumQueue();
            rabbit.PrefetchCount = PrefetchFor(name, options);
        });

        bus.UsingRabbitMq((context, cfg) =>
        {
            var virtualHost = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            cfg.Host(uri.Host, (ushort)(uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port),
                virtualHost.Length == 0 ? "/" : virtualHost, h =>
                {
                    h.Username(user);
                    h.Password(password);
                    h.PublisherConfirmation = options.PublisherConfirmation;
                    if (uri.Scheme == "amqps")
                        h.UseSsl(s => s.Protocol = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
                });
            cfg.PrefetchCount = options.DefaultPrefetch;
            configure?.Invoke(context, cfg);
            cfg.ConfigureEndpoints(context);
        });
    }

    /// <summary>
    /// The prefetch for an endpoint: a stage's entry when the queue name is that stage's kebab-case name or starts with
    /// it ("segment", "segment-study"), otherwise the default.
    /// </summary>
    public static ushort PrefetchFor(string queueName, RabbitMqBrokerOptions options)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (stage, prefetch) in options.StagePrefetch)
        {
            var kebab = stage.ToString().ToLowerInvariant();
            if (queueName.Equals(kebab, StringComparison.OrdinalIgnoreCase) || queueName.StartsWith(kebab + "-", StringComparison.OrdinalIgnoreCase))
                return prefetch;
        }

        return options.DefaultPrefetch;
    }

    private static (string User, string Password) Credentials(Uri uri)
    {
        if (string.IsNullOrEmpty(uri.UserInfo))
            return ("guest", "guest");
        var parts = uri.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }
}
