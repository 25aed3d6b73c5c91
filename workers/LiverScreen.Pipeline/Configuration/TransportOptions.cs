using System.ComponentModel.DataAnnotations;
using LiverScreen.Pipeline.Transport;

namespace LiverScreen.Pipeline.Configuration;

/// <summary>Configuration section "Transport" (e.g. Transport__Kind=InMemory).</summary>
public sealed class TransportOptions
{
    public const string SectionName = "Transport";

    [EnumDataType(typeof(TransportKind))]
    public TransportKind Kind { get; set; } = TransportKind.InMemory;

    /// <summary>Broker address for server transports (amqp://host:port/vhost); unused in memory. Credentials come from
    /// the environment, never from committed files.</summary>
    public string? Host { get; set; }

    /// <summary>Section "Transport:RabbitMq" (Kind=RabbitMq): broker URI, quorum queues, confirms, prefetch per stage.
    /// <see cref="Host"/> is used as the URI when RabbitMq:Uri is unset.</summary>
    public RabbitMqBrokerOptions RabbitMq { get; set; } = new();
}
