using System.Text.Json;
using LiverScreen.Contracts.Results;

namespace LiverScreen.Evaluation.IO;

/// <summary>Reads results/&lt;StudyInstanceUid&gt;.json files. A broken file becomes a <see cref="LoadedResult"/> with the
/// reason (file and parse error), never an exception: one bad study must not stop the evaluation.</summary>
public static class ResultFiles
{
    public static IReadOnlyList<string> List(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Results folder '{directory}' does not exist.");
        }

        return Directory.EnumerateFiles(directory, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
    }

    public static LoadedResult Read(string file)
    {
        try
        {
            return new LoadedResult(file, StudyResultJson.Deserialize(File.ReadAllText(file)), null);
        }
        catch (JsonException ex)
        {
            return new LoadedResult(file, null, $"{Path.GetFileName(file)}: not a study result document: {ex.Message}");
        }
        catch (IOException ex)
        {
            return new LoadedResult(file, null, $"{Path.GetFileName(file)}: cannot be read: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return new LoadedResult(file, null, $"{Path.GetFileName(file)}: cannot be read: {ex.Message}");
        }
    }
}
