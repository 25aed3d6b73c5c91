using LiverScreen.Contracts;
using MassTransit;

namespace LiverScreen.Distributed.Tests;

/// <summary>Fails every time, like a study whose fault is not transient but was not classified as permanent.</summary>
public sealed class PoisonConsumer(Probe probe) : IConsumer<IngestStudy>
{
    public Task Consume(ConsumeContext<IngestStudy> context)
    {
        probe.CountAttempt();
        throw new InvalidDataException($"study {context.Message.StudyKey} cannot be decoded");
    }
}
