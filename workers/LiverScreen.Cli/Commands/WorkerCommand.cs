using System.CommandLine;
using LiverScreen.Cli.Pipeline;
using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen worker --pool gpu|cpu|all [--stages ...]`: host one worker pool's consumers until stopped. With
/// Transport__Kind=RabbitMq the worker connects to the broker, the blob store and the database named by configuration
/// (docs/distributed.md) and checks all three settings at start, listing everything missing.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var pool = new Option<WorkerPool>("--pool") { Description = "Which pool to host: gpu (segment, reclassify), cpu (ingest, align, triage, aggregation) or all.", DefaultValueFactory = _ => WorkerPool.All };
        var stages = new Option<string[]>("--stages") { Description = "Explicit components instead of a pool: ingest, align, segment, reclassify, triage, aggregation (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };
        var work = new Option<string>("--work") { Description = "Work folder for the local store and SQLite database when configuration does not name them (default .work).", DefaultValueFactory = _ => ".work" };
        var command = new Command("worker", "Run the consumers of one worker pool until Ctrl+C or SIGTERM. Queues: see docs/pipeline.md. Transport, storage and database come from configuration (Transport__Kind=RabbitMq, Storage__Kind=AzureBlob, Database__Kind=PostgreSql for distributed mode; docs/distributed.md).")
        {
            pool,
            stages,
            work,
        };
        command.SetAction(async (parse, ct) =>
        {
            WorkerSelection selection;
            try
            {
                var names = parse.GetValue(stages) ?? [];
                selection = names.Length > 0 ? WorkerSelection.Parse(names) : WorkerSelection.ForPool(parse.GetValue(pool));
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"worker: {ex.Message}");
                return 2;
            }

            var configuration = DistributedMode.LoadConfiguration();
            var transportKind = configuration.GetSection(TransportOptions.SectionName).GetValue<TransportKind?>("Kind") ?? TransportKind.InMemory;
            if (transportKind != TransportKind.InMemory && !DistributedMode.Check("worker"))
            {
                return 2;
            }

            IHost host;
            try
            {
                // Test seam only: Pipeline__StageSetAssembly names an assembly of stand-in stages (never set in production).
                host = PipelineHost.Build(new PipelineHostSettings(parse.GetValue(work)!, selection, LogLevel.Information),
                    services => StageSetLoader.Register(services, configuration[StageSetLoader.ConfigurationKey]));
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or NotSupportedException)
            {
                Console.Error.WriteLine($"worker: {ex.Message}");
                return 2;
            }

            using (host)
            {
                if (host.Services.GetRequiredService<IOptions<TransportOptions>>().Value.Kind == TransportKind.InMemory)
                {
                    Console.Error.WriteLine("worker: in-memory transport: this worker only sees messages published inside this process. Use `screen` for the embedded pipeline, or Transport__Kind=RabbitMq for separate workers.");
                }

                Console.Error.WriteLine($"worker: hosting {selection}");
                await host.RunAsync(ct);
            }

            return 0;
        });
        return command;
    }
}
