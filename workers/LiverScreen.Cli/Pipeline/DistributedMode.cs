using System.CommandLine;
using LiverScreen.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;

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
}
