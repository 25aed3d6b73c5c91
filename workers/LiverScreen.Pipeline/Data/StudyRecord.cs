using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Data;

/// <summary>One study of a batch, keyed (BatchId, StudyKey). Demographics come from ingest; failure fields from the
/// first permanent fault.</summary>
public sealed class StudyRecord
{
    public Guid BatchId { get; set; }
    public string StudyKey { get; set; } = "";
    public string SourceKey { get; set; } = "";
    public StudyStatus Status { get; set; }
    public StageName? CurrentStage { get; set; }
    public string? StudyInstanceUid { get; set; }
    public string? PatientId { get; set; }
    public string? Site { get; set; }
    public string? Manufacturer { get; set; }
    public string? Sex { get; set; }
    public int? AgeYears { get; set; }
    public StageName? FailureStage { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureReason { get; set; }
    public string? FailureFile { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
