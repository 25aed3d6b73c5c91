namespace LiverScreen.LocalServers;

/// <summary>
/// Where the server programs are installed on this machine (Debian packages, and Azurite under the repository's
/// .tools/npm, where ./test and scripts/setup.sh put it) and whether each can be started here.
/// </summary>
public static class ServerInstallation
{
    public const string RabbitMqBin = "/usr/lib/rabbitmq/bin";

    /// <summary>The repository root (holds LiverScreen.sln): LIVERSCREEN_HOME, else the nearest ancestor of the running binaries.</summary>
    public static string? RepoRoot { get; } = FindRepoRoot();

    /// <summary>The azurite-blob launcher in .tools/npm.</summary>
    public static string? AzuriteBlobPath =>
        RepoRoot is { } root && File.Exists(Path.Combine(root, ".tools/npm/node_modules/.bin/azurite-blob"))
            ? Path.Combine(root, ".tools/npm/node_modules/.bin/azurite-blob")
            : null;

    /// <summary>The newest installed PostgreSQL's bin directory (Debian: /usr/lib/postgresql/N/bin).</summary>
    public static string? PostgresBin =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Dir)
                .FirstOrDefault()
            : null;

    /// <summary>Whether <paramref name="kind"/> can be started here; when not, why, in words a developer can act on.</summary>
    public static bool IsInstalled(ServerKind kind, out string reason)
    {
        reason = string.Empty;
        switch (kind)
        {
            case ServerKind.Azurite:
                if (AzuriteBlobPath is null)
                    reason = "Azurite is not installed (.tools/npm/node_modules/.bin/azurite-blob; ./test installs it)";
                else if (FindOnPath("node") is null)
                    reason = "node is not on PATH (Azurite needs it)";
                break;
            case ServerKind.RabbitMq:
                if (!File.Exists(Path.Combine(RabbitMqBin, "rabbitmq-server")))
                    reason = "rabbitmq-server is not installed (apt-get install rabbitmq-server; ./test installs it)";
                else if (FindOnPath("epmd") is null)
                    reason = "epmd (Erlang) is not on PATH";
                break;
            case ServerKind.Postgres:
                if (PostgresBin is null)
                    reason = "PostgreSQL is not installed (/usr/lib/postgresql/N/bin/initdb)";
                else if (!File.Exists("/usr/sbin/runuser") && !File.Exists("/usr/bin/runuser"))
                    reason = "runuser is missing (PostgreSQL must run as the postgres user)";
                else if (!Directory.Exists("/var/lib/postgresql") && !UserExists("postgres"))
                    reason = "there is no postgres user";
                break;
        }

        return reason.Length == 0;
    }

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal));

    private static string? FindRepoRoot()
    {
        if (Environment.GetEnvironmentVariable("LIVERSCREEN_HOME") is { Length: > 0 } home && File.Exists(Path.Combine(home, "LiverScreen.sln")))
            return home;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiverScreen.sln")))
                return dir.FullName;
        }

        return null;
    }
}
