using System.Diagnostics;
using LiverScreen.TestServers;

namespace LiverScreen.Distributed.Tests;

/// <summary>A real `liverscreen` process (the built CLI run by `dotnet`), logged to a file; stopped by its PID only.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process, string logFile)
    {
        _process = process;
        LogFile = logFile;
    }

    public string LogFile { get; }

    public int Pid => _process.Id;

    /// <summary>Path of the built CLI in the same configuration as this test assembly.</summary>
    public static string CliPath
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
            var root = TestEnvironment.RepoRoot ?? throw new InvalidOperationException("Repository root not found.");
            var path = Path.Combine(root, "workers", "LiverScreen.Cli", "bin", configuration, "net10.0", "liverscreen.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"The CLI is not built at {path} (build tests/LiverScreen.Distributed.Tests, which builds it).", path);
        }
    }

    public static WorkerProcess Start(string logFile, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new(ProcessTools.StartLogged("dotnet", [CliPath, .. arguments], logFile, environment), logFile);

    /// <summary>Runs the CLI to completion; returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunAsync(string logFile, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] arguments) =>
        ProcessTools.RunAsync("dotnet", [CliPath, .. arguments], logFile, timeout, environment);

    public bool IsAlive => ProcessTools.IsAlive(Pid);

    /// <summary>SIGKILL: no shutdown, unacknowledged messages go back to the queue.</summary>
    public bool Killed { get; private set; }

    public async Task KillAsync()
    {
        Killed = true;
        ProcessTools.Signal(Pid, ProcessTools.SigKill);
        await ProcessTools.WaitExitAsync(Pid, TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (ProcessTools.IsAlive(Pid))
        {
            await ProcessTools.StopAsync(Pid, ProcessTools.SigTerm, TimeSpan.FromSeconds(15));
        }

        _process.Dispose();
    }
}
