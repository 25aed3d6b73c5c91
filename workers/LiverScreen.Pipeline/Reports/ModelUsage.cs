namespace LiverScreen.Pipeline.Reports;

/// <summary>A model version used by a stage in this batch and how many studies it ran on.</summary>
public sealed record ModelUsage(string Stage, string Name, string Version, int Studies);
