using MassTransit;

namespace LiverScreen.Pipeline.Stages.Ingest;

/// <summary>The one extension method that puts the Ingest stage on a bus. The stage service (<see cref="IIngestStage"/>) is
/// registered separately: the real algorithm in production, a test double in tests.</summary>
public static class IngestStageRegistration
{
    public static IBusRegistrationConfigurator AddIngestStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<IngestConsumer, IngestConsumerDefinition>();
        return bus;
    }
}
