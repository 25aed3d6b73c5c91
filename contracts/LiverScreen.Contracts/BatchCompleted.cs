namespace LiverScreen.Contracts;

/// <summary>Event: every study of the batch is completed or failed, and the population report is stored.</summary>
public sealed record BatchCompleted(Guid BatchId, string Name, int Completed, int Failed, string ReportKey, DateTimeOffset CompletedAt);
