using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Data;

/// <summary>
/// One stage of one study, keyed (BatchId, StudyKey, Stage). <see cref="InputHash"/> identifies the message the stage
/// ran on; with <see cref="OutputJson"/> it makes the stage idempotent: the same input again republishes the stored
/// output instead of running the stage (and writing lesions or decisions) a second time.
/// </summary>
public sealed class StageStateRecord
{
    public Guid BatchId { get; set; }
    public string StudyKey { get; set; } = "";
    public StageName Stage { get; set; }
    public StageStatus Status { get; set; }
    public string InputHash { get; set; } = "";
    public string? OutputJson { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Wall time of the last successful run, ms.</summary>
    public double DurationMs { get; set; }

    /// <summary>Part of <see cref="DurationMs"/> spent in model inference, ms (0 for stages without a model).</summary>
    public double InferenceMs { get; set; }

    public string? ModelName { get; set; }
    public string? ModelVersion { get; set; }
    public string? Error { get; set; }
}
