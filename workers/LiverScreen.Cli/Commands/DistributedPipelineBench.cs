using System.Diagnostics;
using System.Globalization;
using LiverScreen.Cli.Output;
using LiverScreen.Cli.Pipeline;
using LiverScreen.Functions.Ingestion;
using LiverScreen.LocalServers;
using LiverScreen.Phantoms;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Benchmarks;
using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Reports;
using LiverScreen.Storage;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen bench pipeline --distributed`: the same phantom cohort through the real stages twice in one invocation,
/// side by side on this machine: embedded (in-memory bus, local files, SQLite) and distributed (RabbitMQ with quorum
/// queues and publisher confirms, Azure Blob storage on Azurite, PostgreSQL), the servers started here as local
/// processes by workers/LiverScreen.LocalServers (the code the integration-test fixtures use) and stopped by PID at
/// the end. Prints studies/hour of each, their ratio (issue 9's target: distributed within 10% of embedded), and the
/// storage and broker time per study measured on every call (<see cref="TransportMeter"/>).
/// <para>Both runs host the stage consumers in this process, with the same concurrency: in the distributed run every
/// message crosses the broker over TCP, every volume goes to Azurite over HTTP and every row to PostgreSQL, exactly as
/// in a `liverscreen worker --pool all` process (the same host is built), which lets the bench time each call.
/// Studies are uploaded to blob storage before the clock starts (in the Azure design DICOM lands in blob storage before
/// a batch exists); the download in ingest is timed.</para>
/// </summary>
public static class DistributedPipelineBench
{
    private static readonly IFormatProvider Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(int studies, bool json, CancellationToken ct)
    {
        var missing = new[] { ServerKind.RabbitMq, ServerKind.Azurite, ServerKind.Postgres }
            .Select(k => ServerInstallation.IsInstalled(k, out var why) ? null : $"{k}: {why}").OfType<string>().ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"bench pipeline --distributed needs RabbitMQ, Azurite and PostgreSQL installed here (./test installs them): {string.Join("; ", missing)}");
            return 2;
        }

        if (studies <= 0)
        {
            Console.Error.WriteLine("bench pipeline --distributed: --distributed-studies must be at least 1.");
            return 2;
        }

        // NC-only screening phantoms at the demo's grid, generated once (same seed, same bytes), not timed.
        var cohort = Path.GetFullPath(Path.Combine(".work", "bench", $"pipeline-distributed-nc-{studies}"));
        if (!File.Exists(Path.Combine(cohort, "truth.json")))
        {
            DemoCohort.Write(cohort, studies, 9009, DemoCohort.DemoShape, includeBroken: false, preset: PhantomPreset.Screening);
        }

        await using var rabbit = new RabbitMqServer();
        await using var azurite = new AzuriteServer();
        await using var postgres = new PostgresServer();
        var started = Stopwatch.StartNew();
        await Status(json, "Starting RabbitMQ, Azurite and PostgreSQL as local processes", () => Task.WhenAll(rabbit.StartAsync(ct), azurite.StartAsync(ct), postgres.StartAsync(ct)));
        var serversSeconds = started.Elapsed.TotalSeconds;
        IEnumerable<int> ServerPids() => rabbit.OwnedPids.Concat(azurite.OwnedPids).Concat(postgres.OwnedPids);

        var embedded = await Status(json, "Embedded run (in-memory bus, local files, SQLite)",
            () => MeasureAsync("embedded", cohort, null, ServerPids, ct));
        var servers = new Dictionary<string, string?>
        {
            ["Transport:Kind"] = nameof(TransportKind.RabbitMq),
            ["Transport:RabbitMq:Uri"] = rabbit.AmqpUri.ToString(),
            ["Storage:Kind"] = nameof(StorageKind.AzureBlob),
            ["Storage:AzureBlob:ConnectionString"] = azurite.ConnectionString,
            ["Storage:AzureBlob:Container"] = "bench-" + Guid.NewGuid().ToString("N")[..8],
            ["Database:Kind"] = nameof(DatabaseKind.PostgreSql),
            ["Database:ConnectionString"] = postgres.ConnectionString,
        };
        var distributed = await Status(json, "Distributed run (RabbitMQ, Azurite, PostgreSQL)",
            () => MeasureAsync("distributed", cohort, servers, ServerPids, ct));
        var ratio = embedded.StudiesPerHour > 0 ? distributed.StudiesPerHour / embedded.StudiesPerHour : 0;
        var cpuRatio = distributed.WorkerCpuSecondsPerStudy > 0 ? embedded.WorkerCpuSecondsPerStudy / distributed.WorkerCpuSecondsPerStudy : double.NaN;

        if (json)
        {
            CliJson.Print(new
            {
                benchmark = "pipeline-distributed",
                machine = $"{Environment.ProcessorCount} cores",
                cohort = $"{studies} NC-only synthetic phantom studies, 512x512x{DemoCohort.DemoShape.Slices}",
                serversStartSeconds = serversSeconds,
                runs = new[] { embedded, distributed },
                distributedToEmbedded = ratio,
                embeddedToDistributedWorkerCpu = cpuRatio,
                target = 0.9,
            });
            return 0;
        }

        // Metrics as rows, runs as columns: twelve numbers per run stay readable in an 80-column terminal.
        var table = new Table().AddColumns("per run", embedded.Name, distributed.Name);
        void Row(string what, Func<DistributedBenchRun, double> value, string format) =>
            table.AddRow(what, value(embedded).ToString(format, Inv), value(distributed).ToString(format, Inv));
        Row("studies", r => r.Studies, "0");
        Row("failed", r => r.Failed, "0");
        Row("wall s", r => r.WallSeconds, "0.0");
        Row("studies/h", r => r.StudiesPerHour, "0.0");
        Row("stage ms/study (sum of stage means)", r => r.StageMsPerStudy, "0");
        Row("storage ms/study", r => r.StorageMsPerStudy, "0");
        Row("storage MB/study", r => r.StorageMbPerStudy, "0.0");
        Row("publish ms/study", r => r.PublishMsPerStudy, "0.0");
        Row("delivery ms/study", r => r.DeliveryMsPerStudy, "0");
        Row("bench process CPU s/study", r => r.WorkerCpuSecondsPerStudy, "0.0");
        Row("local servers CPU s/study", r => r.ServerCpuSecondsPerStudy, "0.0");

        AnsiConsole.Write(table);
        AnsiConsole.WriteLine("embedded = in-memory bus, local files, SQLite; distributed = RabbitMQ (quorum queues, confirms), Azurite, PostgreSQL.");
        AnsiConsole.WriteLine(string.Create(Inv, $"distributed / embedded throughput = {ratio:0.00} (target >= 0.90: {(ratio >= 0.9 ? "met" : "NOT met")}); servers started in {serversSeconds:0.0} s (not timed); uploading the cohort to blob storage took {distributed.UploadSeconds:0.0} s (not timed)."));
        AnsiConsole.WriteLine(string.Create(Inv, $"CPU per study: the bench process (every stage consumer) {embedded.WorkerCpuSecondsPerStudy:0.0} s embedded vs {distributed.WorkerCpuSecondsPerStudy:0.0} s distributed (ratio {cpuRatio:0.00}); the local servers took {distributed.ServerCpuSecondsPerStudy:0.0} s per study of the same {Environment.ProcessorCount} cores (on separate machines in a deployment)."));
        AnsiConsole.WriteLine("storage = every object-store call incl. whole downloads; publish = until the transport accepted it (RabbitMQ: publisher confirm); delivery = stage message SentTime to consumer start (broker + wait behind earlier studies). Synthetic phantoms, same process, same concurrency.");
        return 0;
    }

    private static async Task<DistributedBenchRun> MeasureAsync(string name, string cohort, IReadOnlyDictionary<string, string?>? servers, Func<IEnumerable<int>> serverPids, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), "liverscreen-bench-distributed", Guid.NewGuid().ToString("N"));
        var meter = new TransportMeter();
        try
        {
            using var host = PipelineHost.Build(new PipelineHostSettings(work, WorkerSelection.All, LogLevel.Error, servers), services =>
            {
                // EF logs the first migration's probe of a missing history table as an error on a fresh PostgreSQL.
                services.AddLogging(l => l.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Critical));
                services.AddSingleton<IObjectStore>(sp => new TimedObjectStore(PipelineStorage.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value), meter));
                // Submit only once every receive endpoint is bound: a publish before that would be dropped by the broker.
                services.Configure<MassTransitHostOptions>(o =>
                {
                    o.WaitUntilStarted = true;
                    o.StartTimeout = TimeSpan.FromMinutes(2);
                });
            });
            await host.StartAsync(ct);
            var observer = new BrokerTimingObserver(meter, TimeProvider.System);
            var bus = host.Services.GetRequiredService<IBus>();
            using var publishes = new ObserverHandle(bus.ConnectPublishObserver(observer));
            using var consumes = new ObserverHandle(bus.ConnectConsumeObserver(observer));

            var batchId = Guid.NewGuid();
            var plan = BatchPlanner.Plan(cohort, "bench", batchId);
            var studies = plan.Studies;
            var upload = Stopwatch.StartNew();
            if (servers is not null)
            {
                // Untimed store: the upload stands for the ingestion function, not for screening.
                var store = PipelineStorage.Create(host.Services.GetRequiredService<IOptions<StorageOptions>>().Value);
                studies = (await new StudySourceUploader(store).UploadAsync(studies, null, ct)).Studies;
            }

            upload.Stop();
            var self = Process.GetCurrentProcess();
            var workerCpu = self.TotalProcessorTime;
            var serverCpu = ProcessTreeCpu.Seconds(serverPids());
            var clock = Stopwatch.StartNew();
            await host.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(batchId, plan.Name, plan.Source, studies, ct);
            var reader = host.Services.GetRequiredService<BatchProgressReader>();
            BatchProgress? progress;
            while ((progress = await reader.ReadAsync(batchId, ct))!.Status != BatchStatus.Completed && !progress.Stalled)
            {
                await Task.Delay(100, ct);
            }

            clock.Stop();
            self.Refresh();
            var workerCpuSeconds = (self.TotalProcessorTime - workerCpu).TotalSeconds;
            var serverCpuSeconds = ProcessTreeCpu.Seconds(serverPids()) - serverCpu;
            var n = Math.Max(1, studies.Count);
            var run = new DistributedBenchRun(
                name,
                studies.Count,
                progress.ByStatus.GetValueOrDefault(StudyStatus.Failed) + progress.Faulted,
                clock.Elapsed.TotalSeconds,
                studies.Count * 3600.0 / clock.Elapsed.TotalSeconds,
                0,
                meter.StorageTime.TotalMilliseconds / n,
                (meter.StorageBytesWritten + meter.StorageBytesRead) / 1048576.0 / n,
                meter.StorageCalls / (double)n,
                meter.PublishTime.TotalMilliseconds / n,
                meter.Publishes / (double)n,
                meter.DeliveryDelay.TotalMilliseconds / n,
                upload.Elapsed.TotalSeconds,
                workerCpuSeconds / n,
                serverCpuSeconds / n);
            if (progress.ReportKey is not null)
            {
                var store = host.Services.GetRequiredService<IObjectStore>();
                await using var stream = await store.OpenReadAsync(progress.ReportKey + ReportFileNames.Json, ct);
                var report = ReportJsonWriter.Read(await new StreamReader(stream).ReadToEndAsync(ct));
                run = run with { StageMsPerStudy = report.Throughput.Stages.Sum(s => s.MeanMs) };
            }

            await host.StopAsync(CancellationToken.None);
            return run;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static async Task<T> Status<T>(bool quiet, string what, Func<Task<T>> action)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await action();
        }

        return await AnsiConsole.Status().StartAsync(what, _ => action());
    }

    private static Task<int> Status(bool quiet, string what, Func<Task> action) =>
        Status(quiet, what, async () =>
        {
            await action();
            return 0;
        });

    private sealed class ObserverHandle(ConnectHandle handle) : IDisposable
    {
        public void Dispose() => handle.Disconnect();
    }
}
