using System.CommandLine;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen inspect DIR [--json]`: every study and series found, with phase, evidence, geometry and warnings.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "Folder to scan recursively for DICOM files." };
        var json = new Option<bool>("--json") { Description = "Print the stable JSON document instead of tables." };
        var command = new Command("inspect", "List every CT study and series under a folder with phase, geometry and warnings.")
        {
            dir,
            json,
        };
        command.SetAction(parse =>
        {
            Console.Error.WriteLine("inspect: not built yet");
            return 2;
        });
        return command;
    }
}
