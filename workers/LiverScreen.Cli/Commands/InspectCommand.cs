using System.CommandLine;
using System.Globalization;
using LiverScreen.Cli.Output;
using LiverScreen.Dicom.Inspection;
using LiverScreen.Dicom.Scanning;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>`liverscreen inspect DIR [--json]`: every study and series found, with phase, evidence, geometry and warnings.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "Folder to scan recursively for DICOM files." };
        var json = new Option<bool>("--json") { Description = "Print the stable JSON document (schema in docs/dicom.md) instead of tables." };
        var headersOnly = new Option<bool>("--headers-only") { Description = "Do not decode pixels: phase from header cues alone (faster, less reliable)." };
        var threads = new Option<int>("--threads") { Description = "Decoding threads (default: one per core).", DefaultValueFactory = _ => 0 };
        var command = new Command("inspect", "List every CT study and series under a folder with phase (and its evidence), geometry, warnings, and the files left out with reasons.")
        {
            dir,
            json,
            headersOnly,
            threads,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(dir)!;
            if (!folder.Exists)
            {
                Console.Error.WriteLine($"inspect: no such folder: {folder.FullName}");
                return 2;
            }

            var inspector = new StudyInspector();
            var inputs = new[] { folder.FullName };
            var useImage = !parse.GetValue(headersOnly);
            var n = parse.GetValue(threads);
            if (parse.GetValue(json))
            {
                CliJson.Print(inspector.Inspect(inputs, useImage, n));
                return 0;
            }

            InspectionReport? report = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("Scanning headers", maxValue: 1);
                    report = inspector.Inspect(inputs, useImage, n, (i, total, s) =>
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.Value = i;
                        task.Description = Markup.Escape($"Series {i + 1}/{total}: {s.SeriesDescription ?? s.SeriesInstanceUid} ({s.SliceCount} slices)");
                    });
                    task.Value = task.MaxValue;
                    task.Description = "Done";
                });
            Render(report!);
            return 0;
        });
        return command;
    }

    private static void Render(InspectionReport report)
    {
        AnsiConsole.MarkupLine($"[bold]{report.FilesScanned}[/] file(s) scanned, [bold]{report.Studies.Count}[/] CT stud(ies), [bold]{report.Problems.Count}[/] file(s)/item(s) left out.");
        foreach (var study in report.Studies)
        {
            var info = new Table().Border(TableBorder.Rounded).Title($"[bold]Study[/] {Markup.Escape(study.StudyInstanceUid)}").HideHeaders();
            info.AddColumn("k").AddColumn("v");
            void Row(string k, string? v) => info.AddRow(k, Markup.Escape(v ?? "-"));
            Row("Patient", $"{study.PatientId ?? "-"}  sex {study.PatientSex ?? "-"}  age {study.PatientAge ?? "-"}  born {study.PatientBirthDate ?? "-"}");
            Row("Site", study.InstitutionName);
            Row("Manufacturer", study.Manufacturer);
            Row("Date", study.StudyDate);
            Row("Description", study.StudyDescription);
            AnsiConsole.Write(info);

            var table = new Table().Border(TableBorder.Simple);
            foreach (var c in new[] { "#", "Description", "Phase", "Conf.", "Slices", "Size / spacing (mm)", "Evidence", "Warnings" })
            {
                table.AddColumn(c);
            }

            foreach (var s in study.Series)
            {
                var g = s.Geometry;
                var colour = s.Error is not null ? "red" : s.HeaderPhase != s.ImagePhase && s.HeaderPhase != Contracts.Phase.Unknown && s.ImagePhase != Contracts.Phase.Unknown ? "yellow" : "green";
                var geometry = string.Create(CultureInfo.InvariantCulture, $"{g.Size[0]}x{g.Size[1]}x{g.Size[2]}\n{g.SpacingMm[0]:0.###} x {g.SpacingMm[1]:0.###} x {g.SpacingMm[2]:0.###}\n{s.TransferSyntax}");
                var warnings = s.Warnings.Select(w => $"{w.Kind}: {w.Message}").ToList();
                if (s.Error is not null)
                {
                    warnings.Insert(0, "ERROR: " + s.Error);
                }

                table.AddRow(
                    new Markup(s.SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "-"),
                    new Markup(Markup.Escape(s.SeriesDescription ?? "(none)")),
                    new Markup($"[{colour}]{s.Phase}[/]"),
                    new Markup(s.Confidence.ToString("0.00", CultureInfo.InvariantCulture)),
                    new Markup(s.Slices.ToString(CultureInfo.InvariantCulture)),
                    new Markup(Markup.Escape(geometry)),
                    new Markup(Markup.Escape(string.Join("\n", s.Evidence))),
                    new Markup(warnings.Count == 0 ? "[green]none[/]" : $"[yellow]{Markup.Escape(string.Join("\n", warnings))}[/]"));
            }

            AnsiConsole.Write(table);
        }

        if (report.Problems.Count > 0)
        {
            var problems = new Table().Border(TableBorder.Rounded).Title("[bold]Left out[/]");
            problems.AddColumn("Kind").AddColumn("Study").AddColumn("File").AddColumn("Reason");
            foreach (var p in report.Problems)
            {
                problems.AddRow(
                    new Markup(p.Kind == ProblemKind.Error ? "[red]error[/]" : "[grey]dropped[/]"),
                    new Markup(Markup.Escape(p.StudyInstanceUid ?? "-")),
                    new Markup(Markup.Escape(p.File)),
                    new Markup(Markup.Escape(p.Reason)));
            }

            AnsiConsole.Write(problems);
        }
    }
}
