using System.CommandLine;
using LiverScreen.Cli.Output;
using LiverScreen.Detection.Typing;
using LiverScreen.Inference;
using LiverScreen.Inference.Cards;
using LiverScreen.Inference.Registry;
using LiverScreen.Inference.Runtime;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen models [--dir DIR] [--verify] [--json]`: the model registry, and optionally each card checked against its model.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo?>("--dir") { Description = "Models folder (default: the checkout's models/)." };
        var verify = new Option<bool>("--verify") { Description = "Load every model: check its sha256 and real inputs/outputs against its card." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("models", "List the models in the registry (name, version, task, inputs, classes) and optionally verify them against their cards.")
        {
            dir,
            verify,
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(dir), parse.GetValue(verify), parse.GetValue(json)));
        return command;
    }

    private static int Run(DirectoryInfo? dir, bool verify, bool json)
    {
        var root = dir?.FullName ?? ModelRegistry.FindDefaultRoot();
        if (root is null)
        {
            Console.Error.WriteLine("models: no models folder found; pass --dir or set LIVERSCREEN_HOME.");
            return 2;
        }

        var scan = ModelRegistry.Scan(root);
        var rows = new List<ModelRow>();
        var failed = scan.Problems.Count > 0 && scan.Models.Count == 0 && Directory.Exists(root);
        OrtInferenceEngine? engine = null;
        foreach (var m in scan.Models)
        {
            string? status = null;
            if (verify)
            {
                try
                {
                    engine ??= OrtInferenceEngine.Create();
                    var loaded = ModelRegistry.LoadEntry(m, engine, new InferenceOptions { IntraOpThreads = 1 });
                    loaded.Session.Dispose();
                    status = "verified";
                }
                catch (Exception e) when (e is ModelCardException or OrtException or OnnxRuntimeUnavailableException or IOException)
                {
                    status = "REFUSED: " + e.Message;
                    failed = true;
                }
            }

            rows.Add(new ModelRow(m.Card.Name, m.Card.Version, m.Card.Task, m.Card.Synthetic, m.Card.Sha256, m.Directory,
                m.Card.Inputs.Select(t => t.ToString()).ToArray(), m.Card.Outputs.Select(t => t.ToString()).ToArray(),
                m.Card.Channels, m.Card.Classes, m.Card.PatchSize, m.Card.WorkingSpacingMm, status));
        }

        // Lesion typing models (typing.json, no ONNX file): loading is the whole check (shape, name, version).
        foreach (var path in Directory.Exists(root) ? Directory.EnumerateFiles(root, LesionTypingModel.FileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 }).Order(StringComparer.Ordinal).ToList() : new List<string>())
        {
            try
            {
                var t = LesionTypingModel.Load(path);
                rows.Add(new ModelRow(t.Name, t.Version, "lesion-typing", t.Synthetic, t.Sha256, Path.GetDirectoryName(path)!, [], [],
                    Enumerable.Range(0, EnhancementFeatures.Count).Select(i => $"feature{i}").ToArray(), LesionTypingModel.Types.Select(x => x.ToString()).ToArray(), [], [], verify ? "verified" : null));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                scan = scan with { Problems = [.. scan.Problems, e.Message] };
                failed = true;
            }
        }

        if (json)
        {
            CliJson.Print(new { root, models = rows, problems = scan.Problems });
            return failed ? 1 : 0;
        }

        var table = new Table().Title($"Models in {Markup.Escape(root)}").AddColumns("name", "version", "task", "data", "sha256", "channels", "classes", "patch z,y,x");
        if (verify)
        {
            table.AddColumn("card check");
        }

        foreach (var r in rows)
        {
            var cells = new List<string>
            {
                Markup.Escape(r.Name), Markup.Escape(r.Version), r.Task, r.Synthetic ? "synthetic" : "[yellow]not marked synthetic[/]",
                r.Sha256[..12], r.Channels.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Classes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.Join(",", r.PatchSize),
            };
            if (verify)
            {
                cells.Add(r.Status == "verified" ? "[green]verified[/]" : $"[red]{Markup.Escape(r.Status ?? string.Empty)}[/]");
            }

            table.AddRow(cells.ToArray());
        }

        AnsiConsole.Write(table);
        foreach (var p in scan.Problems)
        {
            AnsiConsole.MarkupLine($"[yellow]skipped:[/] {Markup.Escape(p)}");
        }

        return failed ? 1 : 0;
    }

    private sealed record ModelRow(
        string Name, string Version, string Task, bool Synthetic, string Sha256, string Directory, string[] Inputs, string[] Outputs,
        IReadOnlyList<string> Channels, IReadOnlyList<string> Classes, IReadOnlyList<int> PatchSize, IReadOnlyList<double> WorkingSpacingMm, string? Status);
}
