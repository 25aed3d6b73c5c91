using System.Globalization;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.TestStages;
using LiverScreen.TestServers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiverScreen.Distributed.Tests;

/// <summary>
/// One isolated distributed deployment on the shared test servers: its own RabbitMQ virtual host, PostgreSQL database
/// and blob container, the environment its worker processes get, a submitting host in this process (no consumers),
/// and the worker processes it started (all stopped on dispose, by PID).
/// </summary>
public sealed class DistributedRun : IAsyncDisposable
{
    private readonly List<WorkerProcess> _workers = [];
    private readonly RabbitMqServer _rabbit;
    private readonly PostgresServer _postgres;
    private readonly string _database;
    private readonly string _vhost;
    private IHost? _submitter;

    private DistributedRun(RabbitMqServer rabbit, PostgresServer postgres, string id, string work)
    {
        _rabbit = rabbit;
        _postgres = postgres;
        _vhost = "ls-" + id;
        _database = "ls_" + id;
        Work = work;
        HealDirectory = Directory.CreateDirectory(Path.Combine(work, "heal")).FullName;
    }

    public string Work { get; }

    public string HealDirectory { get; }

    /// <summary>What the workers, the replay command and the submitting host are configured with (as environment).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public IServiceProvider Services => _submitter?.Services ?? throw new InvalidOperationException("Not started.");

    /// <param name="realStages">Workers run the production stages (DICOM, ONNX models) instead of the synthetic test set.</param>
    public static async Task<DistributedRun> CreateAsync(RabbitMqServer rabbit, AzuriteServer azurite, PostgresServer postgres, int retryLimit, bool realStages = false)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var work = Directory.CreateTempSubdirectory("ls-distributed-").FullName;
        var run = new DistributedRun(rabbit, postgres, id, work);
        await Check(rabbit.RunToolAsync("rabbitmqctl", "add_vhost", run._vhost));
        await Check(rabbit.RunToolAsync("rabbitmqctl", "set_permissions", "-p", run._vhost, "guest", ".*", ".*", ".*"));
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {run._database}", admin);
            await create.ExecuteNonQueryAsync();
        }

        var amqp = new UriBuilder(rabbit.AmqpUri) { Path = "/" + run._vhost }.Uri;
        var db = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = run._database, Timeout = 5 };
        run.Environment["Transport__Kind"] = "RabbitMq";
        run.Environment["Transport__RabbitMq__Uri"] = amqp.ToString();
        run.Environment["Storage__Kind"] = "AzureBlob";
        run.Environment["Storage__AzureBlob__ConnectionString"] = azurite.ConnectionString;
        run.Environment["Storage__AzureBlob__Container"] = "ls-" + id;
        run.Environment["Database__Kind"] = "PostgreSql";
        run.Environment["Database__ConnectionString"] = db.ConnectionString;
        run.Environment["Pipeline__RetryLimit"] = retryLimit.ToString(CultureInfo.InvariantCulture);
        run.Environment["Pipeline__RetryMinBackoffMs"] = "200";
        run.Environment["Pipeline__RetryMaxBackoffMs"] = "3000";
        if (!realStages)
        {
            run.Environment["Pipeline__StageSetAssembly"] = Path.Combine(AppContext.BaseDirectory, "LiverScreen.Pipeline.TestStages.dll");
            run.Environment["LIVERSCREEN_SYNTHETIC_STAGE_MS"] = "120";
            run.Environment["LIVERSCREEN_SYNTHETIC_HEAL_DIR"] = run.HealDirectory;
        }

        run.Environment["DOTNET_gcServer"] = "0";

        // The submitting host migrates the database before any worker starts (one migrator, no race).
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(run.Environment.ToDictionary(kv => kv.Key.Replace("__", ":", StringComparison.Ordinal), kv => (string?)kv.Value));
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddDefaultStageImplementations();
        builder.Services.AddLiverScreenPipeline(builder.Configuration, new WorkerSelection(new HashSet<PipelineComponent>()));
        run._submitter = builder.Build();
        await run._submitter.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token);
        return run;
    }

    /// <summary>
    /// Counts every publish of <typeparamref name="T"/> from now on: a durable probe queue bound to MassTransit's fanout
    /// exchange for the type (declared the way MassTransit declares it). Returns a function reading the count.
    /// </summary>
    public async Task<Func<Task<uint>>> WatchPublishesAsync<T>()
    {
        var exchange = $"{typeof(T).Namespace}:{typeof(T).Name}";
        var queue = $"probe-{typeof(T).Name}-{Guid.NewGuid():N}";
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(Environment["Transport__RabbitMq__Uri"]) };
        await using (var connection = await factory.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync(exchange, RabbitMQ.Client.ExchangeType.Fanout, durable: true, autoDelete: false);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(queue, exchange, "");
        }

        return async () =>
        {
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        };
    }

    public WorkerProcess StartWorker(string name, params string[] arguments)
    {
        var worker = WorkerProcess.Start(Path.Combine(Work, name + ".log"), Environment, ["worker", .. arguments, "--work", Path.Combine(Work, name)]);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Waits until every started worker's bus is up. Publishes before the first worker declared its queues
    /// would be dropped by the broker (no queue is bound to the message exchange yet); after that, queues are durable.</summary>
    public async Task WaitWorkersReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_workers.Where(w => w.IsAlive).All(w => File.Exists(w.LogFile) && File.ReadAllText(w.LogFile).Contains("Bus started", StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline || _workers.Any(w => !w.IsAlive && !w.Killed))
            {
                throw new TimeoutException($"Workers not ready after {timeout}.\n{Logs()}");
            }

            await Task.Delay(200);
        }
    }

    public async Task<Guid> SubmitAsync(IReadOnlyList<string> studyKeys)
    {
        await WaitWorkersReadyAsync(TimeSpan.FromSeconds(120));
        var batchId = Guid.NewGuid();
        var studies = studyKeys.Select(k => new IngestStudy(batchId, k, "synthetic/" + k)).ToList();
        await Services.GetRequiredService<BatchSubmitter>().SubmitAsync(batchId, "distributed-test", "synthetic", studies, CancellationToken.None);
        return batchId;
    }

    public async Task<int> TerminalCountAsync(Guid batchId)
    {
        var progress = await Services.GetRequiredService<BatchProgressReader>().ReadAsync(batchId, CancellationToken.None);
        return progress?.Terminal ?? 0;
    }

    /// <summary>Waits until <paramref name="count"/> studies are terminal, tolerating a database that is briefly away.</summary>
    public async Task WaitTerminalAsync(Guid batchId, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await TerminalCountAsync(batchId) >= count)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The database is being restarted by the test; keep polling.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {await TerminalCountAsync(batchId)} of {count} studies terminal after {timeout}. Worker logs: {string.Join(", ", _workers.Select(w => w.LogFile))}\n{Logs()}");
            }

            await Task.Delay(250);
        }
    }

    public async Task WaitBatchCompletedAsync(Guid batchId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await Services.GetRequiredService<BatchProgressReader>().ReadAsync(batchId, CancellationToken.None))?.Status != BatchStatus.Completed)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Batch not completed after {timeout}.\n{Logs()}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The results of a batch, one line per study: status, decision, lesions (what "same results" compares).</summary>
    public async Task<SortedDictionary<string, string>> ResultsAsync(Guid batchId) =>
        await ReadResultsAsync(Services.GetRequiredService<IDbContextFactory<ResultsDbContext>>(), batchId);

    public static async Task<SortedDictionary<string, string>> ReadResultsAsync(IDbContextFactory<ResultsDbContext> factory, Guid batchId)
    {
        await using var db = await factory.CreateDbContextAsync();
        var studies = await db.Studies.Where(s => s.BatchId == batchId).ToListAsync();
        var decisions = await db.TriageDecisions.Where(d => d.BatchId == batchId).ToListAsync();
        var lesions = await db.Lesions.Where(l => l.BatchId == batchId).ToListAsync();
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var s in studies)
        {
            var decision = decisions.Where(d => d.StudyKey == s.StudyKey).Select(d => $"{d.Category}@{d.Confidence:R}").ToList();
            var found = lesions.Where(l => l.StudyKey == s.StudyKey).OrderBy(l => l.Index)
                .Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Index}:{l.Type}:{l.DiameterMm:R}mm:{l.Confidence:R}"));
            result[s.StudyKey] = $"{s.Status} [{string.Join(",", decision)}] {string.Join(" ", found)}";
        }

        return result;
    }

    /// <summary>Stage rows per study that are not Completed (a study counted twice or left half-done shows here).</summary>
    public async Task<int> IncompleteStageRowsAsync(Guid batchId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<ResultsDbContext>>().CreateDbContextAsync();
        return await db.StageStates.CountAsync(s => s.BatchId == batchId && s.Status != StageStatus.Completed);
    }

    /// <summary>Every worker log in full (killed workers included).</summary>
    public string AllLogs() => string.Join("\n", _workers.Select(w => File.Exists(w.LogFile) ? File.ReadAllText(w.LogFile) : ""));

    public string Logs() => string.Join("\n", _workers.Select(w => $"--- {w.LogFile}\n{Tail(w.LogFile)}"));

    private static string Tail(string file)
    {
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        return text.Length > 3000 ? text[^3000..] : text;
    }

    private static async Task Check(Task<(int ExitCode, string Output)> tool)
    {
        var (code, output) = await tool;
        if (code != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl failed ({code}): {output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        if (_submitter is not null)
        {
            await _submitter.StopAsync(CancellationToken.None);
            _submitter.Dispose();
        }

        try
        {
            await using var admin = new NpgsqlConnection(_postgres.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await _rabbit.RunToolAsync("rabbitmqctl", "delete_vhost", _vhost);
        }
        catch (NpgsqlException)
        {
            // A failed test may leave the server stopped; the fixture's data directory goes with it.
        }

        try
        {
            Directory.Delete(Work, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The undisturbed reference: the same studies through the embedded pipeline (in-memory bus, local store,
    /// SQLite) with the same synthetic stages, in this process.</summary>
    public static async Task<SortedDictionary<string, string>> UndisturbedAsync(IReadOnlyList<string> studyKeys)
    {
        var work = Directory.CreateTempSubdirectory("ls-embedded-").FullName;
        try
        {
            using var host = PipelineHost.Build(new PipelineHostSettings(work, WorkerSelection.All, LogLevel.Error), services => new SyntheticStageSet().Register(services));
            await host.StartAsync();
            var batchId = Guid.NewGuid();
            var studies = studyKeys.Select(k => new IngestStudy(batchId, k, "synthetic/" + k)).ToList();
            await host.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(batchId, "undisturbed", "synthetic", studies, CancellationToken.None);
            var reader = host.Services.GetRequiredService<BatchProgressReader>();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while ((await reader.ReadAsync(batchId, CancellationToken.None))?.Status != BatchStatus.Completed && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            var results = await ReadResultsAsync(host.Services.GetRequiredService<IDbContextFactory<ResultsDbContext>>(), batchId);
            await host.StopAsync();
            return results;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
