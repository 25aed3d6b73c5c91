namespace LiverScreen.Pipeline.Reports;

/// <summary>How often one reason occurred (failure code with its stage, or an uncertain reason), over all studies.</summary>
public sealed record ReasonStat(string Reason, string? Stage, Proportion Share);
