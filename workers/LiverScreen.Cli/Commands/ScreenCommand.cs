using System.CommandLine;
using LiverScreen.Cli.Pipeline;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen screen --input DIR --out DIR [--distributed]`: screen a batch through the embedded pipeline (or
/// the running worker pools) and write the population report and per-study results.</summary>
public static class ScreenCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input") { Description = "A folder with one subfolder of DICOM files per study, or a manifest file listing study folders (one per line).", Required = true };
        var output = new Option<string>("--out") { Description = "Work and output folder: results database, object store and report/ (created if missing).", Required = true };
        var name = new Option<string?>("--name") { Description = "Batch name shown in the report (default: the input's name)." };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary instead of tables and progress bars." };
        var distributed = DistributedMode.CreateOption();
        var command = new Command("screen", "Screen every study of a folder or manifest (ingest, align, segment, reclassify, triage) and write the population report, worklist and per-study CSV.")
        {
            input,
            output,
            name,
            json,
            distributed,
        };
        command.SetAction((parse, ct) => BatchRun.RunAsync(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(name), parse.GetValue(json), parse.GetValue(distributed), ct));
        return command;
    }
}
