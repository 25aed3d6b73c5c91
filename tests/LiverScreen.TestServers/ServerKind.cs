namespace LiverScreen.TestServers;

/// <summary>The real servers integration tests can ask for.</summary>
public enum ServerKind
{
    Azurite,
    RabbitMq,
    Postgres,
}
