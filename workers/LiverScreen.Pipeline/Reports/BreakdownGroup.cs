namespace LiverScreen.Pipeline.Reports;

/// <summary>One value of a breakdown dimension (e.g. site "Site A"). Rates are over the group's studies.</summary>
public sealed record BreakdownGroup(string Value, int Studies, Proportion SuspectedMalignant, Proportion Uncertain, Proportion Failed);
