using System.Diagnostics;

namespace LiverScreen.Pipeline.Benchmarks;

/// <summary>
/// For `bench pipeline --distributed`: time spent talking to the object store and the broker, summed over a run
/// (thread-safe; Stopwatch ticks). Storage: every <c>IObjectStore</c> call including the whole download
/// (<see cref="TimedObjectStore"/>). Broker: each publish until the transport accepted it (with RabbitMQ that includes
/// the publisher confirm), and each stage message's delivery delay from SentTime to the start of its consumer (network,
/// broker and the wait behind earlier messages) (<see cref="BrokerTimingObserver"/>).
/// </summary>
public sealed class TransportMeter
{
    private long _storageTicks;
    private long _storageCalls;
    private long _storageBytesWritten;
    private long _storageBytesRead;
    private long _publishTicks;
    private long _publishes;
    private long _deliveryTicks;
    private long _deliveries;

    public TimeSpan StorageTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _storageTicks));

    public long StorageCalls => Interlocked.Read(ref _storageCalls);

    public long StorageBytesWritten => Interlocked.Read(ref _storageBytesWritten);

    public long StorageBytesRead => Interlocked.Read(ref _storageBytesRead);

    public TimeSpan PublishTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _publishTicks));

    public long Publishes => Interlocked.Read(ref _publishes);

    public TimeSpan DeliveryDelay => TimeSpan.FromTicks(Interlocked.Read(ref _deliveryTicks));

    public long Deliveries => Interlocked.Read(ref _deliveries);

    public void AddStorage(long stopwatchTicks, long bytesWritten, long bytesRead)
    {
        Interlocked.Add(ref _storageTicks, stopwatchTicks);
        Interlocked.Increment(ref _storageCalls);
        Interlocked.Add(ref _storageBytesWritten, bytesWritten);
        Interlocked.Add(ref _storageBytesRead, bytesRead);
    }

    public void AddPublish(long stopwatchTicks)
    {
        Interlocked.Add(ref _publishTicks, stopwatchTicks);
        Interlocked.Increment(ref _publishes);
    }

    public void AddDelivery(TimeSpan delay)
    {
        Interlocked.Add(ref _deliveryTicks, Math.Max(0, delay.Ticks));
        Interlocked.Increment(ref _deliveries);
    }
}
