namespace LiverScreen.Pipeline.Data;

/// <summary>A study's place in its lifecycle. Completed and Failed are terminal; a batch completes when every study is
/// in one of them.</summary>
public enum StudyStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}
