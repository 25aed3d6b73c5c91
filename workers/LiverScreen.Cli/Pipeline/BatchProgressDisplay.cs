using LiverScreen.Contracts;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Data;
using Spectre.Console;

namespace LiverScreen.Cli.Pipeline;

/// <summary>Follows a batch in the results database with a live Spectre progress display (one bar per stage and one
/// for finished studies) until it completes, or stalls on messages in the error queue.</summary>
public static class BatchProgressDisplay
{
    public static async Task<BatchProgress> FollowAsync(BatchProgressReader reader, Guid batchId, bool quiet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        BatchProgress? last = null;
        DateTime? stalledSince = null;

        async Task<bool> TickAsync()
        {
            last = await reader.ReadAsync(batchId, cancellationToken) ?? throw new InvalidOperationException($"Batch {batchId} is not in the results database.");
            if (last.Status == BatchStatus.Completed && last.ReportKey is not null)
            {
                return true;
            }

            // A fault is recorded a moment after its message lands in the error queue: wait a little before giving up.
            stalledSince = last.Stalled ? stalledSince ?? DateTime.UtcNow : null;
            return stalledSince is not null && DateTime.UtcNow - stalledSince > TimeSpan.FromSeconds(2);
        }

        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            while (!await TickAsync())
            {
                await Task.Delay(250, cancellationToken);
            }

            return last!;
        }

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var stages = Enum.GetValues<StageName>().ToDictionary(s => s, s => ctx.AddTask(s.ToString().ToLowerInvariant()));
                var done = ctx.AddTask("studies done");
                while (true)
                {
                    var finished = await TickAsync();
                    var p = last!;
                    foreach (var (stage, task) in stages)
                    {
                        task.MaxValue = Math.Max(1, p.Studies);
                        task.Value = p.StageCompleted.GetValueOrDefault(stage);
                    }

                    done.MaxValue = Math.Max(1, p.Studies);
                    done.Value = p.Terminal;
                    done.Description = $"studies done ({p.ByStatus.GetValueOrDefault(StudyStatus.Failed)} failed{(p.Faulted > 0 ? $", {p.Faulted} in error queue" : "")})";
                    if (finished)
                    {
                        break;
                    }

                    await Task.Delay(250, cancellationToken);
                }
            });
        return last!;
    }
}
