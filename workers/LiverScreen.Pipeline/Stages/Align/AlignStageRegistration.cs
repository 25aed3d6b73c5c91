using MassTransit;

namespace LiverScreen.Pipeline.Stages.Align;

/// <summary>The one extension method that puts the Align stage on a bus. The stage service (<see cref="IAlignStage"/>) is
/// registered separately: the real algorithm in production, a test double in tests.</summary>
public static class AlignStageRegistration
{
    public static IBusRegistrationConfigurator AddAlignStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<AlignConsumer, AlignConsumerDefinition>();
        return bus;
    }
}
