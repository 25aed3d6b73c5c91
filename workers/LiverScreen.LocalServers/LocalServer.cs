using System.Diagnostics;

namespace LiverScreen.LocalServers;

/// <summary>
/// A real server started as a process on a free loopback port with all its state in a private temporary directory
/// (integration tests, and `liverscreen bench pipeline --distributed`), or an existing server named by its address
/// (<see cref="IsExternal"/>; then it is neither started nor stopped). Stopping ends exactly the processes this instance started, by PID. Stop and start
/// again reuse the same port and data directory, which is what broker-restart and storage-outage tests need.
/// </summary>
public abstract class LocalServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    /// <param name="external">The address of an existing server to use instead (tests: a LIVERSCREEN_TEST_* value).</param>
    protected LocalServer(ServerKind kind, string? external)
    {
        Kind = kind;
        External = string.IsNullOrWhiteSpace(external) ? null : external;
        WorkDir = Directory.CreateTempSubdirectory($"liverscreen-{kind.ToString().ToLowerInvariant()}-").FullName;
        Port = FreePort.Next();
    }

    public ServerKind Kind { get; }

    /// <summary>The address of an existing server, or null when this instance runs its own.</summary>
    public string? External { get; }

    public bool IsExternal => External is not null;

    /// <summary>The loopback port the server listens on (unused for an external server).</summary>
    public int Port { get; }

    /// <summary>Private state directory: data, logs, pid files. Deleted on dispose.</summary>
    public string WorkDir { get; }

    public string LogFile => Path.Combine(WorkDir, "server.log");

    public bool IsRunning { get; private set; }

    /// <summary>Wall time of the last start, until the server answered its readiness check.</summary>
    public TimeSpan LastStartupTime { get; private set; }

    /// <summary>PIDs this instance started and still owns (for tests that check nothing is left behind).</summary>
    public abstract IReadOnlyList<int> OwnedPids { get; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (IsRunning || IsExternal)
            {
                IsRunning = true;
                return;
            }

            var sw = Stopwatch.StartNew();
            try
            {
                await StartCoreAsync(cancellationToken);
            }
            catch
            {
                await StopCoreAsync();
                throw;
            }

            LastStartupTime = sw.Elapsed;
            IsRunning = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server but keeps its port and data for a later <see cref="StartAsync"/> (an outage, not a teardown).</summary>
    public async Task StopAsync()
    {
        if (IsExternal)
            throw new InvalidOperationException($"{Kind} is an existing server ({External}); it cannot be stopped or restarted from here.");
        await _gate.WaitAsync();
        try
        {
            if (!IsRunning)
                return;
            await StopCoreAsync();
            IsRunning = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!IsExternal)
        {
            await StopCoreAsync();
            await DisposeCoreAsync();
        }

        IsRunning = false;
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
            // A straggling file write; the OS cleans /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }

        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    protected abstract Task StartCoreAsync(CancellationToken cancellationToken);

    /// <summary>Ends the server process(es) started by <see cref="StartCoreAsync"/>; must tolerate a half-started server.</summary>
    protected abstract Task StopCoreAsync();

    /// <summary>Ends helpers that live across restarts (e.g. RabbitMQ's epmd).</summary>
    protected virtual Task DisposeCoreAsync() => Task.CompletedTask;

    protected InvalidOperationException StartFailure(string what) =>
        new($"{Kind} did not start on 127.0.0.1:{Port}: {what}. Log ({LogFile}):\n{ProcessTools.Tail(LogFile)}");
}
