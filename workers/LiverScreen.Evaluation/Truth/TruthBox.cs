namespace LiverScreen.Evaluation.Truth;

/// <summary>A true lesion's box in reference-phase patient coordinates: [x, y, z] mm corners.</summary>
public sealed record TruthBox(double[] Min, double[] Max);
