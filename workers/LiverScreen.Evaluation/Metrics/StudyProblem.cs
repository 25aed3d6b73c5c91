namespace LiverScreen.Evaluation.Metrics;

/// <summary>A study left out of the metrics: failed, missing, unreadable, or not in the truth.</summary>
public sealed record StudyProblem(string StudyInstanceUid, string Kind, string Message);
