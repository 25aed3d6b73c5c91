using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LiverScreen.LocalServers;

/// <summary>
/// Starting, signalling and watching server processes by PID. Liveness reads the process state from /proc (what
/// `ps -o stat` shows): in this container PID 1 does not reap orphans, so a daemon that exited lingers as a zombie
/// ('Z') and kill(pid, 0) would still say it is there.
/// </summary>
public static partial class ProcessTools
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigInt = 2;

    /// <summary>True while <paramref name="pid"/> exists and is neither a zombie nor dead.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) S ...": the state follows the last ')' (comm may itself contain parentheses).
            var state = stat[(stat.LastIndexOf(')') + 2)..].TrimStart()[0];
            return state is not ('Z' or 'X' or 'x');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    public static bool Signal(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/> for the process to end, then SIGKILLs it.</summary>
    public static async Task<bool> StopAsync(int pid, int signal, TimeSpan grace)
    {
        if (!IsAlive(pid))
            return true;
        Signal(pid, signal);
        if (await WaitExitAsync(pid, grace))
            return true;
        Signal(pid, SigKill);
        return await WaitExitAsync(pid, TimeSpan.FromSeconds(10));
    }

    public static async Task<bool> WaitExitAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
                return false;
            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Live processes whose command line mentions <paramref name="text"/> (e.g. a server's private directory).</summary>
    public static IReadOnlyList<int> LiveProcessesMentioning(string text)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
                continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal) && IsAlive(pid))
                    found.Add(pid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>
    /// Starts a long-lived server as a child of the starting process (so .NET reaps it), stdout and stderr appended to
    /// <paramref name="logFile"/> through the shell (no pipe for a daemon to inherit and hold open). The shell execs the
    /// program, so the returned process's PID is the server's.
    /// </summary>
    public static Process StartLogged(string program, IEnumerable<string> arguments, string logFile, IReadOnlyDictionary<string, string>? environment = null, string? runAsUser = null)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(runAsUser is null
            ? "exec \"$0\" \"$@\" >>\"$LS_LOG\" 2>&1 </dev/null"
            : "exec runuser -u \"$LS_USER\" -- \"$0\" \"$@\" >>\"$LS_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add(program);
        foreach (var a in arguments)
            psi.ArgumentList.Add(a);
        psi.Environment["LS_LOG"] = logFile;
        if (runAsUser is not null)
            psi.Environment["LS_USER"] = runAsUser;
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
            psi.Environment[k] = v;
        return Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {program}.");
    }

    /// <summary>Runs a command to completion (output to <paramref name="logFile"/>); returns its exit code and that output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments, string logFile, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, string? runAsUser = null)
    {
        var start = File.Exists(logFile) ? new FileInfo(logFile).Length : 0;
        using var process = StartLogged(program, arguments, logFile, environment, runAsUser);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Signal(process.Id, SigKill);
            await process.WaitForExitAsync();
            return (-1, Tail(logFile, start) + $"\n(timed out after {timeout.TotalSeconds:0} s)");
        }

        return (process.ExitCode, Tail(logFile, start));
    }

    /// <summary>The log written since byte <paramref name="from"/>, at most the last 4,000 characters (for error messages).</summary>
    public static string Tail(string logFile, long from = 0)
    {
        if (!File.Exists(logFile))
            return string.Empty;
        using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Max(from, stream.Length - 4000), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
