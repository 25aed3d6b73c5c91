using LiverScreen.TestServers;
using Npgsql;

namespace LiverScreen.Distributed.Tests;

/// <summary>PostgreSQL started for this class: a database per test run, created and dropped.</summary>
public sealed class PostgresSmokeTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [ServerFact(ServerKind.Postgres)]
    public async Task When_a_run_creates_its_own_database_Should_store_and_read_rows_then_drop_it()
    {
        var database = "ls_run_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new NpgsqlConnection(postgres.Server.ConnectionString);
        await admin.OpenAsync();
        await Execute(admin, $"CREATE DATABASE {database}");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(postgres.Server.ConnectionString) { Database = database, Pooling = false };
            await using (var run = new NpgsqlConnection(builder.ConnectionString))
            {
                await run.OpenAsync();
                await Execute(run, "CREATE TABLE studies (study_key text PRIMARY KEY, state text NOT NULL)");
                await Execute(run, "INSERT INTO studies VALUES ('study-1', 'Triaged'), ('study-2', 'Failed')");
                await using var count = new NpgsqlCommand("SELECT count(*) FROM studies WHERE state = 'Triaged'", run);
                Assert.Equal(1L, await count.ExecuteScalarAsync());
            }

            Assert.True(await DatabaseExists(admin, database));
        }
        finally
        {
            await Execute(admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }

        Assert.False(await DatabaseExists(admin, database));
        Assert.StartsWith("PostgreSQL", (string)(await new NpgsqlCommand("SELECT version()", admin).ExecuteScalarAsync())!, StringComparison.Ordinal);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<bool> DatabaseExists(NpgsqlConnection connection, string name)
    {
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", connection);
        command.Parameters.AddWithValue("name", name);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
