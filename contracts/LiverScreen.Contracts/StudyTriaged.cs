namespace LiverScreen.Contracts;

/// <summary>Event: the patient-level decision is made and the per-study result document is stored.</summary>
public sealed record StudyTriaged(
    Guid BatchId,
    string StudyKey,
    string StudyInstanceUid,
    TriageCategory Triage,
    double Confidence,
    string ResultKey);
