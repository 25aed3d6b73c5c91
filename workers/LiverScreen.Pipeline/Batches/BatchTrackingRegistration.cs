using MassTransit;

namespace LiverScreen.Pipeline.Batches;

/// <summary>Puts aggregation (batch completion and the report) and fault recording on a bus: the CPU pool's share
/// besides ingest, align and triage.</summary>
public static class BatchTrackingRegistration
{
    public static IBusRegistrationConfigurator AddBatchTracking(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<BatchTrackingConsumer, BatchTrackingConsumerDefinition>();
        bus.AddConsumer<StageFaultConsumer, StageFaultConsumerDefinition>();
        return bus;
    }
}
