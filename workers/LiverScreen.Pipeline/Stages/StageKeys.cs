using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages;

/// <summary>
/// Where stage services put their outputs in the object store. Keys are deterministic in (batch, study, stage), so a
/// redelivered message overwrites its own earlier output instead of adding a second copy.
/// </summary>
public static class StageKeys
{
    public static string StudyPrefix(Guid batchId, string studyKey) => $"batches/{batchId:N}/studies/{Sanitize(studyKey)}/";

    public static string ForStage(Guid batchId, string studyKey, StageName stage, string name) =>
        $"{StudyPrefix(batchId, studyKey)}{stage.ToString().ToLowerInvariant()}/{name}";

    public static string ReportPrefix(Guid batchId) => $"batches/{batchId:N}/report/";

    /// <summary>Study keys come from folder names: keep letters, digits, '-', '_' and '.', replace the rest.</summary>
    public static string Sanitize(string studyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(studyKey);
        var chars = studyKey.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var s = new string(chars);
        return s is "." or ".." ? s.Replace('.', '_') : s;
    }
}
