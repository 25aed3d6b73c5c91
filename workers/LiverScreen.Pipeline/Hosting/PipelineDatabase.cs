using LiverScreen.Pipeline.Configuration;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// The one place the results database provider is chosen. SQLite (embedded) keeps its migrations in Data/Migrations;
/// PostgreSQL (distributed) keeps its own in the LiverScreen.Pipeline.PostgreSql assembly, because EF Core migrations
/// are provider-specific (column types, identity, timestamp types).
/// </summary>
public static class PipelineDatabase
{
    /// <summary>Assembly holding the Npgsql migrations; hosts that use PostgreSQL must deploy it (the CLI references it).</summary>
    public const string PostgreSqlMigrationsAssembly = "LiverScreen.Pipeline.PostgreSql";

    public static void Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Kind)
        {
            case DatabaseKind.Sqlite:
                // Default Timeout: how long a writer waits on SQLite's single write lock before SQLITE_BUSY (a transient
                // fault the stage retry handles).
                var cs = options.ConnectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)
                    ? options.ConnectionString
                    : options.ConnectionString.TrimEnd(';') + ";Default Timeout=30";
                builder.UseSqlite(cs).AddInterceptors(new SqliteWriteGate(), new SqliteConnectionSetup());
                break;
            case DatabaseKind.PostgreSql:
                // Connection resilience: transient Npgsql errors (connection refused or reset, server shutting down,
                // serialization failures) are retried by EF's execution strategy for up to MaxRetryDelay x MaxRetryCount;
                // a longer outage surfaces to the stage retry (UseMessageRetry) and, after that, the _error queue.
                builder.UseNpgsql(options.ConnectionString, npgsql =>
                {
                    npgsql.MigrationsAssembly(PostgreSqlMigrationsAssembly);
                    npgsql.EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromMilliseconds(options.MaxRetryDelayMs), null);
                });
                break;
            default:
                throw new NotSupportedException($"Database '{options.Kind}' is not supported. Use Database__Kind=Sqlite or PostgreSql.");
        }
    }
}
