using LiverScreen.Pipeline.Configuration;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// The one place the results database provider is chosen. Distributed mode adds the PostgreSQL case (Npgsql with
/// EnableRetryOnFailure) and its own migrations assembly: migrations are provider-specific.
/// </summary>
public static class PipelineDatabase
{
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
            default:
                throw new NotSupportedException($"Database '{options.Kind}' is not built yet (distributed mode, issue 9). Use Database__Kind=Sqlite.");
        }
    }
}
