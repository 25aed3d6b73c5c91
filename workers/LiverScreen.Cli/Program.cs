using System.CommandLine;
using LiverScreen.Cli.Commands;

// Composition only: each command lives in Commands/ and builds itself.
var root = new RootCommand("LiverScreen: opportunistic liver-lesion screening of CT studies (synthetic-phantom models; not for clinical use).")
{
    InspectCommand.Create(),
    BenchCommand.Create(),
    EvaluateCommand.Create(),
    ScreenCommand.Create(),
    DemoCommand.Create(),
    WorkerCommand.Create(),
    ReplayCommand.Create(),
    ModelsCommand.Create(),
    SynthCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
