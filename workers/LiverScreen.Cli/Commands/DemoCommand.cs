using System.CommandLine;
using LiverScreen.Cli.Pipeline;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen demo`: generate a small mixed phantom cohort, screen it, print the report path.</summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (default: demo-output).", DefaultValueFactory = _ => "demo-output" };
        var count = new Option<int>("--studies") { Description = "Studies in the cohort (default 8).", DefaultValueFactory = _ => 8 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the phantom generator (default 42).", DefaultValueFactory = _ => 42 };
        var command = new Command("demo", "Generate a small mixed cohort of synthetic phantom CT studies, screen it, and print the path of the population report.")
        {
            output,
            count,
            seed,
        };
        command.SetAction(async (parse, ct) =>
        {
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var generate = CohortGenerator();
            if (generate is null)
            {
                Console.Error.WriteLine("demo: the phantom cohort generator is not wired in yet, so there is nothing to screen. Screen your own folder with `liverscreen screen --input DIR --out DIR`.");
                return 2;
            }

            var cohort = await generate(Path.Combine(outDir, "cohort"), parse.GetValue(count), parse.GetValue(seed), ct);
            return await BatchRun.RunAsync(cohort, Path.Combine(outDir, "screening"), "demo cohort (synthetic phantoms)", json: false, ct);
        });
        return command;
    }

    /// <summary>
    /// WIRING POINT: returns a function that writes a mixed phantom cohort (one DICOM folder per study) under the given
    /// folder and returns the folder to screen (e.g. LiverScreen.Phantoms' generator with a small "demo" preset: normal,
    /// cyst, HCC, metastasis, NC-only and one deliberately broken study). Null until the phantom generator is merged.
    /// </summary>
    private static Func<string, int, int, CancellationToken, Task<string>>? CohortGenerator() => null;
}
