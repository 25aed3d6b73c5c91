using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Transport;

/// <summary>
/// The RabbitMQ broker for distributed mode. The address (with credentials) comes from configuration
/// ("Transport:RabbitMq:Uri", environment Transport__RabbitMq__Uri) or LIVERSCREEN_RABBITMQ_URI, never from a
/// committed file. Prefetch is per stage and sized to its cost: a GPU worker takes one study at a time so other
/// workers can take the rest of the queue; cheap CPU stages take more to hide broker round trips.
/// </summary>
public sealed class RabbitMqBrokerOptions
{
    public const string SectionName = "Transport:RabbitMq";
    public const string UriVariable = "LIVERSCREEN_RABBITMQ_URI";

    /// <summary>amqp://user:password@host:port/vhost (amqps:// for TLS).</summary>
    public Uri? Uri { get; set; }

    /// <summary>Quorum queues (replicated, durable, poison-message aware) for every receive endpoint.</summary>
    public bool QuorumQueues { get; set; } = true;

    /// <summary>Publishes and sends wait for the broker's confirm, so an acknowledged publish survives a broker crash.</summary>
    public bool PublisherConfirmation { get; set; } = true;

    /// <summary>Prefetch for endpoints without a stage entry in <see cref="StagePrefetch"/>.</summary>
    public ushort DefaultPrefetch { get; set; } = 8;

    /// <summary>Unacknowledged messages a worker holds per stage endpoint.</summary>
    public Dictionary<StageName, ushort> StagePrefetch { get; init; } = new()
    {
        [StageName.Ingest] = 2,      // DICOM decode: I/O and CPU bound, a few seconds per study
        [StageName.Align] = 2,       // registration: CPU heavy
        [StageName.Segment] = 1,     // 3D U-Net inference: the expensive GPU stage
        [StageName.Reclassify] = 1,  // GPU
        [StageName.Triage] = 16,     // rules over lesion lists: milliseconds
    };

    public RabbitMqBrokerOptions ApplyEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        if (Uri is null && getVariable(UriVariable) is { Length: > 0 } value)
            Uri = System.Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{UriVariable} is not an absolute URI.");
        return this;
    }

    /// <summary>Every problem, each naming the setting to fix; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Uri is null)
            errors.Add($"{SectionName}:Uri is not set (environment {UriVariable} or Transport__RabbitMq__Uri, e.g. amqp://user:password@host:5672/).");
        else if (Uri.Scheme is not ("amqp" or "amqps"))
            errors.Add($"{SectionName}:Uri must start with amqp:// or amqps://, not {Uri.Scheme}://.");
        if (DefaultPrefetch == 0 || StagePrefetch.Values.Any(p => p == 0))
            errors.Add($"{SectionName}: prefetch counts must be at least 1.");
        return errors;
    }

    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
            throw new InvalidOperationException("RabbitMQ transport is not configured: " + string.Join(" ", errors));
    }
}
