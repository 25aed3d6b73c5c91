using LiverScreen.TestServers;
using Npgsql;
using RabbitMQ.Client;
using Xunit.Abstractions;

namespace LiverScreen.Distributed.Tests;

/// <summary>
/// The fixtures themselves: a restart keeps port and data (what the broker-restart and outage tests rely on), and
/// disposing ends every process the server started, helpers included (nothing may outlive a test run).
/// </summary>
public sealed class ServerLifecycleTests(ITestOutputHelper output)
{
    [ServerFact(ServerKind.RabbitMq)]
    public async Task When_RabbitMQ_restarts_Should_keep_a_persistent_message_in_a_quorum_queue_and_leave_no_process_behind()
    {
        var server = new RabbitMqServer();
        IReadOnlyList<int> pids;
        try
        {
            await server.StartAsync();
            var first = server.LastStartupTime;
            await WithChannel(server, async channel =>
            {
                await channel.QueueDeclareAsync("restart-check", durable: true, exclusive: false, autoDelete: false,
                    arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
                await channel.BasicPublishAsync(string.Empty, "restart-check", mandatory: true,
                    new BasicProperties { Persistent = true }, "study-5"u8.ToArray());
            });
            pids = server.OwnedPids;

            await server.RestartAsync();
            output.WriteLine($"RabbitMQ start {first.TotalSeconds:0.0} s, restart {server.LastStartupTime.TotalSeconds:0.0} s (port {server.Port})");
            string? body = null;
            await WithChannel(server, async channel =>
            {
                var got = await channel.BasicGetAsync("restart-check", autoAck: true);
                body = got is null ? null : System.Text.Encoding.UTF8.GetString(got.Body.Span);
            });

            Assert.Equal("study-5", body);
            Assert.Equal(2, pids.Count); // the broker and its private epmd
            Assert.DoesNotContain(pids[0], server.OwnedPids); // the broker was really replaced
            Assert.Contains(pids[1], server.OwnedPids);       // epmd lives across restarts
            pids = [.. pids, .. server.OwnedPids];
        }
        finally
        {
            await server.DisposeAsync();
        }

        AssertAllEnded(pids, server.WorkDir);
    }

    [ServerFact(ServerKind.Postgres)]
    public async Task When_PostgreSQL_restarts_Should_keep_committed_rows_and_leave_no_process_behind()
    {
        var server = new PostgresServer();
        IReadOnlyList<int> pids;
        try
        {
            await server.StartAsync();
            var first = server.LastStartupTime;
            await Sql(server, "CREATE TABLE decisions (study text PRIMARY KEY); INSERT INTO decisions VALUES ('study-9')");
            pids = server.OwnedPids;

            await server.RestartAsync();
            output.WriteLine($"PostgreSQL start (with initdb) {first.TotalSeconds:0.0} s, restart {server.LastStartupTime.TotalSeconds:0.0} s (port {server.Port})");

            Assert.Equal("study-9", await Sql(server, "SELECT study FROM decisions"));
            Assert.Single(pids);
            pids = [.. pids, .. server.OwnedPids];
        }
        finally
        {
            await server.DisposeAsync();
        }

        AssertAllEnded(pids, server.WorkDir);
    }

    private static void AssertAllEnded(IReadOnlyList<int> pids, string workDir)
    {
        Assert.All(pids, pid => Assert.False(ProcessTools.IsAlive(pid), $"process {pid} is still running"));
        Assert.Empty(ProcessTools.LiveProcessesMentioning(workDir));
        Assert.False(Directory.Exists(workDir));
    }

    private static async Task WithChannel(RabbitMqServer server, Func<IChannel, Task> action)
    {
        var factory = new ConnectionFactory { Uri = server.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        await action(channel);
    }

    private static async Task<object?> Sql(PostgresServer server, string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
