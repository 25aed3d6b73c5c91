using System.Diagnostics;
using System.Globalization;

namespace LiverScreen.LocalServers;

/// <summary>
/// RabbitMQ 3.10 (Debian's rabbitmq-server) as node rabbit@localhost with every file (mnesia, logs, cookie, config)
/// in the private directory. It registers with its own epmd on a private port, which this instance starts as a child
/// and ends on dispose, so parallel test runs never share or kill each other's epmd. The broker runs in the foreground
/// as a child of the starting process (RUNNING_UNDER_SYSTEMD makes the start script exec the Erlang VM), so its PID is known
/// and it is reaped; the /usr/lib/rabbitmq/bin tools are used because /usr/sbin's switch user and lose the cookie.
/// </summary>
public sealed class RabbitMqServer : LocalServer
{
    private readonly int _epmdPort = FreePort.Next();
    private readonly int _distPort = FreePort.Next();
    private Process? _epmd;
    private Process? _broker;

    /// <param name="external">An existing server's address to use instead of starting one (null: start one).</param>
    public RabbitMqServer(string? external = null)
        : base(ServerKind.RabbitMq, external)
    {
    }

    /// <summary>amqp://guest:guest@127.0.0.1:PORT/ (the external value when external).</summary>
    public Uri AmqpUri => new(External ?? $"amqp://guest:guest@127.0.0.1:{Port}/");

    public override IReadOnlyList<int> OwnedPids =>
        new[] { _broker, _epmd }.Where(p => p is { HasExited: false }).Select(p => p!.Id).ToArray();

    private string PidFile => Path.Combine(WorkDir, "rabbit.pid");

    /// <summary>Runs a /usr/lib/rabbitmq/bin tool (rabbitmqctl, rabbitmq-queues, ...) against this node.</summary>
    public Task<(int ExitCode, string Output)> RunToolAsync(string tool, params string[] arguments) =>
        ProcessTools.RunAsync(Path.Combine(ServerInstallation.RabbitMqBin, tool), ["-n", "rabbit@localhost", .. arguments],
            Path.Combine(WorkDir, "tools.log"), TimeSpan.FromSeconds(60), Environment());

    protected override async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_epmd is null || _epmd.HasExited)
        {
            File.WriteAllText(Path.Combine(WorkDir, "rabbitmq.conf"), "loopback_users = none\nlog.console = false\nlog.file.level = warning\n");
            File.WriteAllText(Path.Combine(WorkDir, "enabled_plugins"), "[].\n");
            File.WriteAllText(Path.Combine(WorkDir, "rabbitmq-env.conf"), string.Empty);
            var epmdPath = ServerInstallation.FindOnPath("epmd") ?? throw StartFailure("epmd is not on PATH");
            _epmd = ProcessTools.StartLogged(epmdPath, ["-port", _epmdPort.ToString(CultureInfo.InvariantCulture), "-address", "127.0.0.1"], Path.Combine(WorkDir, "epmd.log"));
            if (!await FreePort.WaitListeningAsync(_epmdPort, TimeSpan.FromSeconds(10), () => !_epmd.HasExited, cancellationToken))
                throw StartFailure($"its epmd did not listen on {_epmdPort}");
        }

        File.Delete(PidFile);
        _broker = ProcessTools.StartLogged(Path.Combine(ServerInstallation.RabbitMqBin, "rabbitmq-server"), [], LogFile, Environment());
        var (code, output) = await ProcessTools.RunAsync(Path.Combine(ServerInstallation.RabbitMqBin, "rabbitmqctl"),
            ["-n", "rabbit@localhost", "wait", "--timeout", "240", PidFile], Path.Combine(WorkDir, "tools.log"), TimeSpan.FromSeconds(250), Environment());
        if (code != 0)
            throw StartFailure($"rabbitmqctl wait exited with {code}: {output}");
        if (!await FreePort.WaitListeningAsync(Port, TimeSpan.FromSeconds(30), () => !_broker.HasExited, cancellationToken))
            throw StartFailure("AMQP port not listening");
    }

    protected override async Task StopCoreAsync()
    {
        if (_broker is null)
            return;
        // SIGTERM is RabbitMQ's orderly shutdown (queues closed, mnesia synced), so a restart finds durable queues intact.
        await ProcessTools.StopAsync(_broker.Id, ProcessTools.SigTerm, TimeSpan.FromSeconds(30));
        await _broker.WaitForExitAsync();
        _broker.Dispose();
        _broker = null;
    }

    protected override async Task DisposeCoreAsync()
    {
        if (_epmd is null)
            return;
        await ProcessTools.StopAsync(_epmd.Id, ProcessTools.SigTerm, TimeSpan.FromSeconds(5));
        await _epmd.WaitForExitAsync();
        _epmd.Dispose();
        _epmd = null;
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["HOME"] = WorkDir,
        ["RABBITMQ_NODENAME"] = "rabbit@localhost",
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = _distPort.ToString(CultureInfo.InvariantCulture),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["ERL_EPMD_PORT"] = _epmdPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(WorkDir, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(WorkDir, "log"),
        ["RABBITMQ_PID_FILE"] = PidFile,
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(WorkDir, "enabled_plugins"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(WorkDir, "rabbitmq.conf"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(WorkDir, "rabbitmq-env.conf"),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["RUNNING_UNDER_SYSTEMD"] = "true",
    };
}
