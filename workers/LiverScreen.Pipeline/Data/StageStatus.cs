namespace LiverScreen.Pipeline.Data;

/// <summary>One stage of one study. Faulted: the message exhausted its retries and sits in the error queue until
/// `liverscreen replay`.</summary>
public enum StageStatus
{
    Running,
    Completed,
    Failed,
    Faulted,
}
