namespace LiverScreen.Contracts.Results;

/// <summary>Whether the pipeline produced a decision for the study.</summary>
public enum StudyStatus
{
    Completed,
    Failed,
}
