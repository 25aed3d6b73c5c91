using LiverScreen.LocalServers;

namespace LiverScreen.TestServers;

/// <summary>
/// Whether tests may skip, and existing servers to use instead of starting them. Each server can be an existing one
/// named by an environment variable (then nothing is started): LIVERSCREEN_TEST_AZURITE (a storage connection string),
/// LIVERSCREEN_TEST_RABBITMQ (amqp://user:pass@host:port/vhost), LIVERSCREEN_TEST_POSTGRES (an Npgsql connection string).
/// Under CI=true a missing server is a failure, never a skip. Where the programs are installed is
/// <see cref="ServerInstallation"/> (workers/LiverScreen.LocalServers, shared with `liverscreen bench pipeline --distributed`).
/// </summary>
public static class TestEnvironment
{
    public const string AzuriteVariable = "LIVERSCREEN_TEST_AZURITE";
    public const string RabbitMqVariable = "LIVERSCREEN_TEST_RABBITMQ";
    public const string PostgresVariable = "LIVERSCREEN_TEST_POSTGRES";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The repository root (holds LiverScreen.sln).</summary>
    public static string? RepoRoot => ServerInstallation.RepoRoot;

    public static string? ExternalServer(ServerKind kind) => NullIfEmpty(Environment.GetEnvironmentVariable(kind switch
    {
        ServerKind.Azurite => AzuriteVariable,
        ServerKind.RabbitMq => RabbitMqVariable,
        _ => PostgresVariable,
    }));

    /// <summary>Whether <paramref name="kind"/> can be had here (named by its variable, or installed); when not, why.</summary>
    public static bool IsAvailable(ServerKind kind, out string reason)
    {
        reason = string.Empty;
        if (ExternalServer(kind) is not null)
            return true;
        if (ServerInstallation.IsInstalled(kind, out var why))
            return true;
        var variable = kind switch { ServerKind.Azurite => AzuriteVariable, ServerKind.RabbitMq => RabbitMqVariable, _ => PostgresVariable };
        reason = $"{why}, and {variable} is not set";
        return false;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
