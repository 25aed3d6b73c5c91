using LiverScreen.Contracts;

namespace LiverScreen.Functions.Ingestion;

/// <summary>
/// The ingestion trigger: a folder or manifest becomes a named batch of IngestStudy commands. In the embedded default
/// the command's SourceKey is the study folder's absolute path (workers share the file system); a distributed trigger
/// uploads the files first and puts the object-store prefix there instead.
/// </summary>
public static class BatchPlanner
{
    public static BatchPlan Plan(string input, string? name, Guid batchId)
    {
        var sources = StudySourceScanner.Scan(input);
        var full = Path.GetFullPath(input);
        var batchName = string.IsNullOrWhiteSpace(name) ? Path.GetFileNameWithoutExtension(full.TrimEnd(Path.DirectorySeparatorChar)) : name;
        return new BatchPlan(batchId, batchName, full, sources.Select(s => new IngestStudy(batchId, s.StudyKey, s.Folder)).ToList());
    }
}
