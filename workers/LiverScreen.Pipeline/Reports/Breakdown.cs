namespace LiverScreen.Pipeline.Reports;

/// <summary>Results split by one dimension: site, manufacturer, sex or age band.</summary>
public sealed record Breakdown(string Dimension, IReadOnlyList<BreakdownGroup> Groups);
