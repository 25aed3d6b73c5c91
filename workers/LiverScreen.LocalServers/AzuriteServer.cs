using System.Diagnostics;

namespace LiverScreen.LocalServers;

/// <summary>
/// Azurite's blob service (the Azure Storage emulator, npm azurite@3.37.0) with on-disk state, so a stop and start
/// keeps every blob (an in-memory Azurite would lose them, which an outage test must not).
/// </summary>
public sealed class AzuriteServer : LocalServer
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's published development key (not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    /// <param name="external">An existing server's address to use instead of starting one (null: start one).</param>
    public AzuriteServer(string? external = null)
        : base(ServerKind.Azurite, external)
    {
    }

    /// <summary>A storage connection string for this server (the external value when external).</summary>
    public string ConnectionString => External
        ?? $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    public override IReadOnlyList<int> OwnedPids => _process is { HasExited: false } p ? [p.Id] : [];

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var launcher = ServerInstallation.AzuriteBlobPath ?? throw StartFailure("azurite-blob is not installed");
        _process = ProcessTools.StartLogged(launcher,
        [
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", Path.Combine(WorkDir, "data"), "--disableTelemetry", "--skipApiVersionCheck", "--silent",
        ], LogFile);
        if (!await FreePort.WaitListeningAsync(Port, TimeSpan.FromSeconds(240), () => !_process.HasExited, cancellationToken))
            throw StartFailure(_process.HasExited ? $"azurite-blob exited with code {_process.ExitCode}" : "not listening after 240 s");
    }

    protected override async Task StopCoreAsync()
    {
        if (_process is null)
            return;
        // Azurite's orderly shutdown waits for open downloads; an outage test wants them cut, so the grace is short.
        await ProcessTools.StopAsync(_process.Id, ProcessTools.SigTerm, TimeSpan.FromSeconds(3));
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }
}
