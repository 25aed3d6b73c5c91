using LiverScreen.Cli.Output;
using LiverScreen.Contracts;
using LiverScreen.Functions.Ingestion;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace LiverScreen.Cli.Pipeline;

/// <summary>What `screen` and `demo` share: start the embedded pipeline (or, with --distributed, a host with no
/// consumers that uploads the studies and submits them to the worker pools over the broker), submit a folder or
/// manifest as a batch, follow it, export the report to OUT/report and the results to OUT/results, print where they are.</summary>
public static class BatchRun
{
    public static Task<int> RunAsync(string input, string outDir, string? name, bool json, CancellationToken cancellationToken) =>
        RunAsync(input, outDir, name, json, distributed: false, cancellationToken);

    /// <param name="distributed">Submit to the worker pools over the broker (see <see cref="DistributedMode"/>) instead of
    /// running the stages in this process.</param>
    public static async Task<int> RunAsync(string input, string outDir, string? name, bool json, bool distributed, CancellationToken cancellationToken)
    {
        // Distributed: every missing setting at once, then whether workers have declared the queues, before any work.
        if (distributed && (!DistributedMode.Check("screen") || !await DistributedMode.CheckWorkersAsync("screen", cancellationToken)))
        {
            return 2;
        }

        BatchPlan plan;
        try
        {
            plan = BatchPlanner.Plan(input, name, Guid.NewGuid());
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"screen: {ex.Message}");
            return 2;
        }

        if (plan.Studies.Count == 0)
        {
            Console.Error.WriteLine($"screen: no study folders found in '{input}' (expected one subfolder of DICOM files per study, or a manifest file).");
            return 2;
        }

        using var host = PipelineHost.Build(new PipelineHostSettings(outDir, DistributedMode.Selection(distributed), LogLevel.Error));
        await host.StartAsync(cancellationToken);
        try
        {
            var services = host.Services;
            var studies = plan.Studies;
            if (distributed)
            {
                // Workers may run on other machines: they read the studies from the object store, not from this folder.
                studies = await UploadAsync(services.GetRequiredService<StudySourceUploader>(), studies, json, cancellationToken);
            }

            await services.GetRequiredService<BatchSubmitter>().SubmitAsync(plan.BatchId, plan.Name, plan.Source, studies, cancellationToken);
            var progress = await BatchProgressDisplay.FollowAsync(services.GetRequiredService<BatchProgressReader>(), plan.BatchId, json, cancellationToken);
            return await ReportAsync(services, progress, outDir, json, cancellationToken);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<IngestStudy>> UploadAsync(StudySourceUploader uploader, IReadOnlyList<IngestStudy> studies, bool quiet, CancellationToken cancellationToken)
    {
        if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return (await uploader.UploadAsync(studies, null, cancellationToken)).Studies;
        }

        IReadOnlyList<IngestStudy> uploaded = [];
        await AnsiConsole.Progress().StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"Uploading {studies.Count} studies to the object store", maxValue: studies.Count);
            uploaded = (await uploader.UploadAsync(studies, new Progress<int>(done => task.Value = done), cancellationToken)).Studies;
            task.Value = studies.Count;
        });
        return uploaded;
    }

    /// <summary>Prints the outcome of a followed batch; exports its report when it completed. Exit codes: 0 complete,
    /// 3 stalled on the error queue (run `liverscreen replay`).</summary>
    public static async Task<int> ReportAsync(IServiceProvider services, BatchProgress progress, string outDir, bool json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Status != BatchStatus.Completed || progress.ReportKey is null)
        {
            var message = $"Batch '{progress.Name}' is waiting on {progress.Faulted} message(s) in the error queue after retries; fix the cause and run `liverscreen replay --out {outDir}`.";
            if (json)
            {
                CliJson.Print(new { batchId = progress.BatchId, name = progress.Name, status = "stalled", progress.Studies, progress.Faulted, message });
            }
            else
            {
                AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(message)}[/]");
            }

            return 3;
        }

        var reportDir = Path.Combine(Path.GetFullPath(outDir), "report", progress.BatchId.ToString("N")[..8]);
        var publisher = services.GetRequiredService<ReportPublisher>();
        var html = await publisher.ExportAsync(progress.ReportKey, reportDir, cancellationToken);
        var report = ReportJsonWriter.Read(await File.ReadAllTextAsync(Path.Combine(reportDir, ReportFileNames.Json), cancellationToken));
        var resultsDir = Path.Combine(Path.GetFullPath(outDir), "results");
        var results = await ActivatorUtilities.CreateInstance<ResultExporter>(services).ExportAsync(progress.BatchId, resultsDir, cancellationToken);
        if (json)
        {
            CliJson.Print(new
            {
                batchId = report.BatchId,
                name = report.BatchName,
                status = "completed",
                report.Studies,
                report.Completed,
                report.Failed,
                categories = report.Categories.ToDictionary(c => c.Category.ToString(), c => c.Share.Count),
                report = html,
                results = resultsDir,
                resultFiles = results,
                worklist = Path.Combine(reportDir, ReportFileNames.Worklist),
            });
            return 0;
        }

        var table = new Table().AddColumns("category", "studies", "rate (95% CI)");
        foreach (var c in report.Categories)
        {
            table.AddRow(c.Category.ToString(), c.Share.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{c.Share.Rate:P1} ({c.Share.Lower95:P1}-{c.Share.Upper95:P1})");
        }

        AnsiConsole.Write(table);
        foreach (var f in report.FailuresByReason)
        {
            AnsiConsole.MarkupLine($"[red]failed[/] {f.Share.Count} x {Markup.Escape(f.Reason)} at {Markup.Escape(f.Stage ?? "?")}");
        }

        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(report.Disclaimer)}[/]");
        Console.Out.WriteLine($"Results: {resultsDir} ({results} file(s))");
        Console.Out.WriteLine($"Report: {html}");
        return 0;
    }
}
