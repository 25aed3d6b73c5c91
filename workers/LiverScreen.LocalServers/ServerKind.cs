namespace LiverScreen.LocalServers;

/// <summary>The servers LocalServers can start: Azurite (blob storage), RabbitMQ (broker), PostgreSQL (results database).</summary>
public enum ServerKind
{
    Azurite,
    RabbitMq,
    Postgres,
}
