namespace LiverScreen.TestServers;

/// <summary>One PostgresServer shared by the tests of a class or collection, stopped when they are done.</summary>
public sealed class PostgresFixture : ServerFixture<PostgresServer>
{
    protected override ServerKind Kind => ServerKind.Postgres;

    protected override PostgresServer Create() => new(TestEnvironment.ExternalServer(ServerKind.Postgres));
}
