using System.CommandLine;
using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Transport;
using Microsoft.Extensions.Configuration;
using RabbitMQ.Client.Exceptions;

namespace LiverScreen.Cli.Pipeline;

/// <summary>
/// `--distributed` for screen and demo: submit the batch to the worker pools through the broker and follow its
/// progress in the shared database, hosting no stage consumers in this process. Usage in a command:
/// <c>var distributed = DistributedMode.CreateOption(); ... BatchRun.RunAsync(..., distributed: parse.GetValue(distributed))</c>.
/// </summary>
public static class DistributedMode
{
    public static Option<bool> CreateOption() => new("--distributed")
    {
        Description = "Submit to running `liverscreen worker` pools instead of the embedded pipeline. Needs Transport__Kind=RabbitMq, "
            + "Storage__Kind=AzureBlob and Database__Kind=PostgreSql with their connection settings in the environment (docs/distributed.md).",
    };

    /// <summary>Components hosted by a command: none when distributed (the workers run them), all when embedded.</summary>
    public static WorkerSelection Selection(bool distributed) =>
        distributed ? new WorkerSelection(new HashSet<PipelineComponent>()) : WorkerSelection.All;

    /// <summary>The configuration a pipeline host sees (appsettings.json, then environment variables).</summary>
    public static IConfiguration LoadConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>Prints every problem with the distributed settings to stderr, prefixed by the command; false if any.</summary>
    public static bool Check(string command)
    {
        var problems = DistributedSettings.Problems(LoadConfiguration());
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"{command}: {problem}");
        }

        return problems.Count == 0;
    }

    /// <summary>
    /// Before a distributed submission: every queue of a batch must exist, or the broker drops what is published to it
    /// (exit early, saying which worker to start); a queue without consumers only delays the batch (a warning). An
    /// unreachable broker is reported with its host and port (never the credentials).
    /// </summary>
    public static async Task<bool> CheckWorkersAsync(string command, CancellationToken cancellationToken)
    {
        var transport = LoadConfiguration().GetSection(TransportOptions.SectionName).Get<TransportOptions>() ?? new TransportOptions();
        var broker = PipelineTransport.BrokerOptions(transport);
        IReadOnlyDictionary<string, uint?> consumers;
        try
        {
            consumers = await RabbitMqQueueProbe.ConsumersAsync(broker, RabbitMqQueueProbe.BatchQueues.Select(q => q.Queue), cancellationToken);
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or IOException or TimeoutException)
        {
            Console.Error.WriteLine($"{command}: cannot reach the broker at {broker.Uri?.Host}:{broker.Uri?.Port}: {ex.Message}");
            return false;
        }

        var ok = true;
        foreach (var (component, queue) in RabbitMqQueueProbe.BatchQueues)
        {
            var name = component.ToString().ToLowerInvariant();
            var pool = component is PipelineComponent.Segment or PipelineComponent.Reclassify ? "gpu" : "cpu";
            if (consumers[queue] is null)
            {
                Console.Error.WriteLine($"{command}: queue '{queue}' does not exist: no worker hosting {name} has ever connected to this broker, and a batch submitted now would be dropped. Start `liverscreen worker --pool {pool}` (or --pool all) with the same settings first.");
                ok = false;
            }
            else if (consumers[queue] == 0)
            {
                Console.Error.WriteLine($"{command}: warning: no worker is consuming '{queue}' right now; studies will wait at {name} until a `liverscreen worker --pool {pool}` (or --pool all) starts.");
            }
        }

        return ok;
    }
}
