using MassTransit;

namespace LiverScreen.Pipeline.Stages.Reclassify;

/// <summary>The one extension method that puts the Reclassify stage on a bus. The stage service (<see cref="IReclassifyStage"/>) is
/// registered separately: the real algorithm in production, a test double in tests.</summary>
public static class ReclassifyStageRegistration
{
    public static IBusRegistrationConfigurator AddReclassifyStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<ReclassifyConsumer, ReclassifyConsumerDefinition>();
        return bus;
    }
}
