namespace LiverScreen.Contracts.Results;

/// <summary>Axis-aligned box in DICOM patient coordinates: [x, y, z] mm corners (LPS).</summary>
public sealed record ResultBox(double[] Min, double[] Max);
