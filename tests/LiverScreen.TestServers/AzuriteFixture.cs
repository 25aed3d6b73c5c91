namespace LiverScreen.TestServers;

/// <summary>One AzuriteServer shared by the tests of a class or collection, stopped when they are done.</summary>
public sealed class AzuriteFixture : ServerFixture<AzuriteServer>
{
    protected override ServerKind Kind => ServerKind.Azurite;

    protected override AzuriteServer Create() => new(TestEnvironment.ExternalServer(ServerKind.Azurite));
}
