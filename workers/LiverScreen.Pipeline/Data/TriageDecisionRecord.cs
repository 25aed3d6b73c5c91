using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Data;

/// <summary>The patient-level decision of a study, keyed (BatchId, StudyKey): one per study.</summary>
public sealed class TriageDecisionRecord
{
    public Guid BatchId { get; set; }
    public string StudyKey { get; set; } = "";
    public TriageCategory Category { get; set; }
    public double Confidence { get; set; }
    public string Reason { get; set; } = "";
    public string ResultKey { get; set; } = "";
    public DateTimeOffset DecidedAt { get; set; }
}
