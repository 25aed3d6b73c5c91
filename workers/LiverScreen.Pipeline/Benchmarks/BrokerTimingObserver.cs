using System.Diagnostics;
using LiverScreen.Contracts;
using MassTransit;

namespace LiverScreen.Pipeline.Benchmarks;

/// <summary>
/// For `bench pipeline --distributed` only: times publishes (until the transport accepted the message; with RabbitMQ
/// publisher confirms, until the broker confirmed it) and the delivery delay of the five stage messages (SentTime to
/// the start of their consumer) into a <see cref="TransportMeter"/>. Connected to the bus after it starts.
/// </summary>
public sealed class BrokerTimingObserver(TransportMeter meter, TimeProvider clock) : IPublishObserver, IConsumeObserver
{
    public Task PrePublish<T>(PublishContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        context.GetOrAddPayload(() => new PublishStart(Stopwatch.GetTimestamp()));
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TryGetPayload<PublishStart>(out var start))
        {
            meter.AddPublish(Stopwatch.GetTimestamp() - start.Timestamp);
        }

        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    public Task PreConsume<T>(ConsumeContext<T> context)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Message is IngestStudy or StudyIngested or StudyAligned or StudySegmented or StudyReclassified && context.SentTime is { } sent)
        {
            meter.AddDelivery(clock.GetUtcNow().UtcDateTime - DateTime.SpecifyKind(sent, DateTimeKind.Utc));
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
        where T : class => Task.CompletedTask;

    /// <summary>When a publish started (Stopwatch timestamp), carried on the publish context.</summary>
    private sealed record PublishStart(long Timestamp);
}
