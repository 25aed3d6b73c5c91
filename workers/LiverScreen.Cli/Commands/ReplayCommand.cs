using System.CommandLine;
using LiverScreen.Cli.Output;
using LiverScreen.Cli.Pipeline;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Replay;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen replay --out DIR [--stage S] [--list]`: re-queue stage messages that exhausted their retries, after the
/// cause is fixed. With the in-memory transport the _error queues died with the process that ran the batch, so replay
/// uses the durable copies in the results database and runs the embedded pipeline itself until the affected batches
/// finish. With a broker (Transport__Kind=RabbitMq) it moves "{queue}_error" back into "{queue}" for the running workers
/// and follows the affected batches (see docs/distributed.md).
/// </summary>
public static class ReplayCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The work folder of the run to replay (the --out given to screen).", Required = true };
        var stage = new Option<StageName?>("--stage") { Description = "Only messages of this stage: Ingest, Align, Segment, Reclassify or Triage." };
        var list = new Option<bool>("--list") { Description = "Only list the messages in the error queue." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of tables." };
        var command = new Command("replay", "Re-queue stage messages that exhausted their retries (error queue), then follow their batches to completion.")
        {
            output,
            stage,
            list,
            json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var outDir = parse.GetValue(output)!;
            var asJson = parse.GetValue(json);
            // With a broker the workers run the stages: replay hosts no consumers, it moves {queue}_error back into
            // {queue} (RabbitMqErrorQueueReplayer) and follows the batches. In memory it runs the embedded pipeline.
            var configuration = DistributedMode.LoadConfiguration();
            var broker = (configuration.GetSection(TransportOptions.SectionName).GetValue<TransportKind?>("Kind") ?? TransportKind.InMemory) != TransportKind.InMemory;
            if (broker && !DistributedMode.Check("replay"))
            {
                return 2;
            }

            using var host = PipelineHost.Build(new PipelineHostSettings(outDir, DistributedMode.Selection(broker), LogLevel.Error));
            await host.StartAsync(ct);
            try
            {
                var replayer = host.Services.GetRequiredService<IErrorQueueReplayer>();
                var pending = await replayer.ListAsync(parse.GetValue(stage), ct);
                if (parse.GetValue(list) || pending.Count == 0)
                {
                    Print(pending, asJson);
                    return 0;
                }

                var replayed = await replayer.ReplayAsync(parse.GetValue(stage), ct);
                Print(replayed, asJson);
                var exit = 0;
                foreach (var batchId in replayed.Select(r => r.BatchId).Distinct())
                {
                    var progress = await BatchProgressDisplay.FollowAsync(host.Services.GetRequiredService<BatchProgressReader>(), batchId, asJson, ct);
                    exit = Math.Max(exit, await BatchRun.ReportAsync(host.Services, progress, outDir, asJson, ct));
                }

                return exit;
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        });
        return command;
    }

    private static void Print(IReadOnlyList<FaultedMessage> messages, bool json)
    {
        if (json)
        {
            CliJson.Print(messages);
            return;
        }

        if (messages.Count == 0)
        {
            AnsiConsole.WriteLine("The error queue is empty.");
            return;
        }

        var table = new Table().AddColumns("study", "stage", "faulted at", "error");
        foreach (var m in messages)
        {
            table.AddRow(Markup.Escape(m.StudyKey), m.Stage.ToString(), m.FaultedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(m.Error));
        }

        AnsiConsole.Write(table);
    }
}
