using System.CommandLine;
using LiverScreen.Cli.Pipeline;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen demo`: generate a small mixed phantom cohort, screen it, print the report path.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (default: demo-output).", DefaultValueFactory = _ => "demo-output" };
        var count = new Option<int>("--studies") { Description = "Phantom studies in the cohort (default 6; one deliberately broken study is added).", DefaultValueFactory = _ => 6 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the phantom generator (default 42).", DefaultValueFactory = _ => 42 };
        var distributed = DistributedMode.CreateOption();
        var command = new Command("demo", "Generate a small mixed cohort of synthetic phantom CT studies, screen it, and print the path of the population report.")
        {
            output,
            count,
            seed,
            distributed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var n = parse.GetValue(count);
            if (n <= 0)
            {
                Console.Error.WriteLine("demo: --studies must be at least 1.");
                return 2;
            }

            // Settings and workers are checked before minutes of phantom generation, not after.
            var remote = parse.GetValue(distributed);
            if (remote && (!DistributedMode.Check("demo") || !await DistributedMode.CheckWorkersAsync("demo", ct)))
            {
                return 2;
            }

            var cohort = Path.Combine(outDir, "cohort");
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Generating {n} synthetic phantom studies", maxValue: n);
                await Task.Run(() => DemoCohort.Write(cohort, n, parse.GetValue(seed), DemoCohort.DemoShape, includeBroken: true,
                    new Progress<int>(done => task.Value = done)), ct);
                task.Value = n;
            });
            return await BatchRun.RunAsync(cohort, Path.Combine(outDir, "screening"), "demo cohort (synthetic phantoms)", json: false, distributed: remote, ct);
        });
        return command;
    }
}
