using MassTransit;

namespace LiverScreen.Pipeline.Stages.Triage;

/// <summary>The one extension method that puts the Triage stage on a bus. The stage service (<see cref="ITriageStage"/>) is
/// registered separately: the real algorithm in production, a test double in tests.</summary>
public static class TriageStageRegistration
{
    public static IBusRegistrationConfigurator AddTriageStage(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<TriageConsumer, TriageConsumerDefinition>();
        return bus;
    }
}
