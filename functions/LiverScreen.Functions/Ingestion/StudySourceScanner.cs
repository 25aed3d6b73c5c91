namespace LiverScreen.Functions.Ingestion;

/// <summary>
/// Finds the studies of a batch. Input is either
/// <list type="bullet">
/// <item>a folder: each immediate subfolder that holds files (at any depth) is one study; a folder with files but no
///   subfolders is itself one study;</item>
/// <item>a manifest file: one study folder per line, relative to the manifest's folder or absolute; blank lines and
///   lines starting with '#' are ignored.</item>
/// </list>
/// Study keys are folder names, made unique with a numeric suffix. A manifest line naming a missing folder is kept
/// (that study then fails at ingest with a clear reason) so one bad line never stops the batch.
/// </summary>
public static class StudySourceScanner
{
    public static IReadOnlyList<StudySource> Scan(string input)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        if (File.Exists(input))
        {
            return FromManifest(input);
        }

        if (!Directory.Exists(input))
        {
            throw new DirectoryNotFoundException($"Batch input '{input}' is neither a folder nor a manifest file.");
        }

        var root = Path.GetFullPath(input);
        var subfolders = Directory.GetDirectories(root).Order(StringComparer.Ordinal)
            .Where(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories).Any())
            .ToList();
        if (subfolders.Count == 0)
        {
            return Directory.EnumerateFiles(root).Any() ? [new StudySource(Path.GetFileName(root), root)] : [];
        }

        return Unique(subfolders);
    }

    public static IReadOnlyList<StudySource> FromManifest(string manifestPath)
    {
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var folders = File.ReadAllLines(manifestPath)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Path.GetFullPath(Path.IsPathRooted(l) ? l : Path.Combine(baseDir, l)))
            .ToList();
        return Unique(folders);
    }

    private static List<StudySource> Unique(IEnumerable<string> folders)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<StudySource>();
        foreach (var folder in folders)
        {
            var name = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar));
            if (string.IsNullOrEmpty(name))
            {
                name = "study";
            }

            var key = name;
            if (seen.TryGetValue(name, out var count))
            {
                key = $"{name}-{count + 1}";
                seen[name] = count + 1;
            }
            else
            {
                seen[name] = 1;
            }

            result.Add(new StudySource(key, folder));
        }

        return result;
    }
}
