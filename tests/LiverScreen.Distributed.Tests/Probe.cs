using LiverScreen.Contracts;

namespace LiverScreen.Distributed.Tests;

/// <summary>What the test consumers saw.</summary>
public sealed class Probe
{
    private int _attempts;

    public TaskCompletionSource<IngestStudy> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Attempts => Volatile.Read(ref _attempts);

    public void CountAttempt() => Interlocked.Increment(ref _attempts);
}
