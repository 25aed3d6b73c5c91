namespace LiverScreen.Pipeline.Configuration;

/// <summary>Which message broker carries the stage messages.</summary>
public enum TransportKind
{
    /// <summary>MassTransit's in-memory transport: every pool in one process (the embedded default).</summary>
    InMemory,

    /// <summary>RabbitMQ (distributed mode, issue 9): added in Hosting/PipelineTransport.cs.</summary>
    RabbitMq,
}
