using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;

namespace LiverScreen.Pipeline.Batches;

/// <summary>A snapshot of a batch for the progress display: studies by status, studies that have finished each stage,
/// and studies whose current message sits in an error queue (Faulted).</summary>
public sealed record BatchProgress(
    Guid BatchId,
    string Name,
    BatchStatus Status,
    int Studies,
    IReadOnlyDictionary<StudyStatus, int> ByStatus,
    IReadOnlyDictionary<StageName, int> StageCompleted,
    int Faulted,
    string? ReportKey)
{
    public int Terminal => ByStatus.GetValueOrDefault(StudyStatus.Completed) + ByStatus.GetValueOrDefault(StudyStatus.Failed);

    /// <summary>Nothing more will happen without `replay`: every study is terminal or has a faulted message.</summary>
    public bool Stalled => Status != BatchStatus.Completed && Faulted > 0 && Terminal + Faulted >= Studies;
}
