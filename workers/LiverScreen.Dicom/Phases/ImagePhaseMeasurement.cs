namespace LiverScreen.Dicom.Phases;

/// <summary>HU measured in the image: the aorta (median over sampled slices) and the liver region, and where they came from.</summary>
public sealed record ImagePhaseMeasurement(double AortaHu, double? LiverHu, int SlicesUsed);
