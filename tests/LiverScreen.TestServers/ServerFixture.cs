namespace LiverScreen.TestServers;

/// <summary>
/// An xunit class or collection fixture owning one server for its tests. When the server cannot be had here, the
/// fixture stays empty (its [ServerFact] tests are skipped anyway) — except under CI=true, where asking for the server
/// throws, so the tests fail. A server that is installed but fails to start always fails the tests.
/// </summary>
public abstract class ServerFixture<TServer> : IAsyncLifetime
    where TServer : LocalServer
{
    private TServer? _server;
    private string? _unavailable;

    protected abstract ServerKind Kind { get; }

    public TServer Server => _server ?? throw new InvalidOperationException(
        TestEnvironment.IsCi
            ? $"{Kind} is required under CI=true but is not available: {_unavailable}"
            : $"{Kind} is not available: {_unavailable}");

    public async Task InitializeAsync()
    {
        if (!TestEnvironment.IsAvailable(Kind, out var reason))
        {
            _unavailable = reason;
            return;
        }

        var server = Create();
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        _server = server;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    protected abstract TServer Create();
}
