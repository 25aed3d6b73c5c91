using MassTransit;

namespace LiverScreen.Pipeline.Stages.Segment;

/// <summary>The one extension method that puts the Segment stage on a bus. The stage service (<see cref="ISegmentStage"/>) is
/// registered separately: the real algorithm in production, a test double in tests.</summary>
public static class SegmentStageRegistration
{
    public static IBusRegistrationConfigurator AddSegmentStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<SegmentConsumer, SegmentConsumerDefinition>();
        return bus;
    }
}
