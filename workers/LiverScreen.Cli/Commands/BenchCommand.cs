using System.CommandLine;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen bench ...`: benchmarks that measure side by side in one run and print ratios (and JSON with --json).</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Benchmarks measured side by side in one run; each prints a comparison, or JSON with --json.");
        bench.Subcommands.Add(DetectionBench.Create());
        bench.Subcommands.Add(DicomBench.Create());
        bench.Subcommands.Add(AlignBench.Create());
        bench.Subcommands.Add(PipelineBench.Create());
        bench.Subcommands.Add(InferenceBench.Create());
        bench.Subcommands.Add(SynthBench.Create());
        return bench;
    }
}
