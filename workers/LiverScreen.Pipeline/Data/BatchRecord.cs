namespace LiverScreen.Pipeline.Data;

/// <summary>A named set of studies submitted together.</summary>
public sealed class BatchRecord
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Source { get; set; } = "";
    public int StudyCount { get; set; }
    public BatchStatus Status { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Store key prefix of the population report, set at completion.</summary>
    public string? ReportKey { get; set; }
}
