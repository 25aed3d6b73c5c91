using System.Text;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Storage;
using Microsoft.EntityFrameworkCore;

namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// Loads a batch's rows, renders the flagged lesions' key slices, builds the report and stores its files under
/// <see cref="StageKeys.ReportPrefix"/>. Running it twice overwrites the same files (that is what makes a redelivered
/// completion harmless).
/// </summary>
public sealed class ReportPublisher(IDbContextFactory<ResultsDbContext> dbFactory, IObjectStore store, IKeySliceRenderer keySlices)
{
    public async Task<(PopulationReport Report, string Prefix)> PublishAsync(Guid batchId, DateTimeOffset? completedAt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken)
            ?? throw new InvalidOperationException($"Batch {batchId} is not in the results database.");
        batch.CompletedAt ??= completedAt;
        var studies = await db.Studies.AsNoTracking().Where(s => s.BatchId == batchId).ToListAsync(cancellationToken);
        var states = await db.StageStates.AsNoTracking().Where(s => s.BatchId == batchId).ToListAsync(cancellationToken);
        var lesions = await db.Lesions.AsNoTracking().Where(s => s.BatchId == batchId).ToListAsync(cancellationToken);
        var decisions = await db.TriageDecisions.AsNoTracking().Where(s => s.BatchId == batchId).ToListAsync(cancellationToken);

        var images = new Dictionary<(string, int), string>();
        var flagged = decisions.Where(d => d.Category is Contracts.TriageCategory.SuspectedMalignant or Contracts.TriageCategory.Uncertain)
            .Select(d => d.StudyKey).ToHashSet(StringComparer.Ordinal);
        foreach (var l in lesions.Where(l => flagged.Contains(l.StudyKey)))
        {
            var study = studies.Find(s => s.StudyKey == l.StudyKey);
            var finding = new LesionFinding(l.Index, l.Type, l.DiameterMm, l.VolumeMl, l.Confidence, l.CenterX, l.CenterY, l.CenterZ, l.KeySlice);
            var png = await keySlices.RenderPngAsync(new KeySliceRequest(batchId, l.StudyKey, study?.StudyInstanceUid, finding), cancellationToken);
            if (png is { Length: > 0 })
            {
                images[(l.StudyKey, l.Index)] = "data:image/png;base64," + Convert.ToBase64String(png);
            }
        }

        var report = PopulationReportBuilder.Build(batch, studies, states, lesions, decisions, images);
        var prefix = StageKeys.ReportPrefix(batchId);
        await PutTextAsync(prefix + ReportFileNames.Json, ReportJsonWriter.Write(report), cancellationToken);
        await PutTextAsync(prefix + ReportFileNames.Csv, ReportCsvWriter.Write(report), cancellationToken);
        await PutTextAsync(prefix + ReportFileNames.Studies, ReportCsvWriter.WriteStudies(report), cancellationToken);
        await PutTextAsync(prefix + ReportFileNames.Worklist, WorklistCsvWriter.Write(report), cancellationToken);
        await PutTextAsync(prefix + ReportFileNames.Html, ReportHtmlWriter.Write(report), cancellationToken);
        return (report, prefix);
    }

    /// <summary>Copies the report files of a batch out of the store into a folder people can open.</summary>
    public async Task<string> ExportAsync(string prefix, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        foreach (var name in ReportFileNames.All)
        {
            await using var source = await store.OpenReadAsync(prefix + name, cancellationToken);
            await using var target = File.Create(Path.Combine(directory, name));
            await source.CopyToAsync(target, cancellationToken);
        }

        return Path.Combine(directory, ReportFileNames.Html);
    }

    private async Task PutTextAsync(string key, string text, CancellationToken ct)
    {
        using var ms = new MemoryStream(Encoding.UTF8.GetBytes(text));
        await store.PutAsync(key, ms, ct);
    }
}
