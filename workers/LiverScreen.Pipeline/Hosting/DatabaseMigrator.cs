using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>Applies pending migrations at start-up (registered before the bus, so no message is consumed against an
/// old schema). On SQLite it also switches to WAL so readers (the progress display) never block stage writers.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<ResultsDbContext> dbFactory, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (options.Value.Kind == DatabaseKind.Sqlite)
        {
            var path = db.Database.GetDbConnection().DataSource;
            var folder = string.IsNullOrEmpty(path) ? null : Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (options.Value.Kind == DatabaseKind.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.MigrateOnStart ? MigrateAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
