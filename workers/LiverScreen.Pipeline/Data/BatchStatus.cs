namespace LiverScreen.Pipeline.Data;

public enum BatchStatus
{
    Running,
    Completed,
}
