namespace LiverScreen.Evaluation.Metrics;

/// <summary>Lesion metrics of one volume bin (truth volume for TP/FL/FN, predicted volume for FP).</summary>
public sealed record SizeBinRow(string Bin, LesionRow All, LesionRow Malig);
