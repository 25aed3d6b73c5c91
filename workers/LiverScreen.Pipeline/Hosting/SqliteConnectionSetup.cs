using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// Per-connection SQLite settings. In WAL mode synchronous=NORMAL syncs at checkpoints instead of at every commit: the
/// database cannot be corrupted by a crash, only the last commits can be lost on power failure, which the pipeline
/// tolerates (stages are idempotent and a lost stage state just reruns that stage). Effect not yet measured on a quiet machine.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
