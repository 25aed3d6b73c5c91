using System.Globalization;

namespace LiverScreen.LocalServers;

/// <summary>
/// PostgreSQL (Debian's, newest installed major) run as the postgres user: initdb into the private directory with
/// trust authentication, pg_ctl start on a free loopback port with the socket in that directory, fsync off (test data
/// is disposable). pg_ctl daemonises the postmaster; its PID is read from postmaster.pid and it is stopped by that
/// PID (SIGINT, PostgreSQL's fast shutdown).
/// </summary>
public sealed class PostgresServer : LocalServer
{
    private int? _postmasterPid;

    /// <param name="external">An existing server's address to use instead of starting one (null: start one).</param>
    public PostgresServer(string? external = null)
        : base(ServerKind.Postgres, external)
    {
    }

    /// <summary>An Npgsql connection string to the maintenance database (the external value when external).</summary>
    public string ConnectionString => External ?? $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=15";

    public override IReadOnlyList<int> OwnedPids => _postmasterPid is { } pid && ProcessTools.IsAlive(pid) ? [pid] : [];

    private string DataDir => Path.Combine(WorkDir, "data");

    private string CommandLog => Path.Combine(WorkDir, "commands.log");

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var bin = ServerInstallation.PostgresBin ?? throw StartFailure("PostgreSQL is not installed");
        if (!Directory.Exists(DataDir))
        {
            // The temporary directory is created 0700 by root; postgres must be able to reach its data and socket.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(WorkDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            Directory.CreateDirectory(DataDir);
            File.WriteAllText(LogFile, string.Empty);
            await Check(ProcessTools.RunAsync("chown", ["-R", "postgres:postgres", DataDir, LogFile], CommandLog, TimeSpan.FromSeconds(30)), "chown");
            await Check(ProcessTools.RunAsync(Path.Combine(bin, "initdb"),
                ["-D", DataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"], CommandLog, TimeSpan.FromSeconds(120), runAsUser: "postgres"), "initdb");
        }

        var options = $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {DataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await Check(ProcessTools.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", DataDir, "-o", options, "-l", LogFile, "-w", "-t", "120", "start"],
            CommandLog, TimeSpan.FromSeconds(150), runAsUser: "postgres"), "pg_ctl start");
        var pidLine = File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).First();
        _postmasterPid = int.Parse(pidLine.Trim(), CultureInfo.InvariantCulture);
        if (!await FreePort.WaitListeningAsync(Port, TimeSpan.FromSeconds(30), () => ProcessTools.IsAlive(_postmasterPid.Value), cancellationToken))
            throw StartFailure("not listening after pg_ctl reported it started");
    }

    protected override async Task StopCoreAsync()
    {
        if (_postmasterPid is not { } pid)
            return;
        await ProcessTools.StopAsync(pid, ProcessTools.SigInt, TimeSpan.FromSeconds(30));
        _postmasterPid = null;
    }

    private async Task Check(Task<(int ExitCode, string Output)> run, string what)
    {
        var (code, output) = await run;
        if (code != 0)
            throw StartFailure($"{what} exited with {code}: {output}");
    }
}
