using LiverScreen.Contracts;
using MassTransit;

namespace LiverScreen.Distributed.Tests;

public sealed class ProbeConsumer(Probe probe) : IConsumer<IngestStudy>
{
    public Task Consume(ConsumeContext<IngestStudy> context)
    {
        probe.CountAttempt();
        probe.Received.TrySetResult(context.Message);
        return Task.CompletedTask;
    }
}
