namespace LiverScreen.TestServers;

/// <summary>One RabbitMqServer shared by the tests of a class or collection, stopped when they are done.</summary>
public sealed class RabbitMqFixture : ServerFixture<RabbitMqServer>
{
    protected override ServerKind Kind => ServerKind.RabbitMq;

    protected override RabbitMqServer Create() => new(TestEnvironment.ExternalServer(ServerKind.RabbitMq));
}
