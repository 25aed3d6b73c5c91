using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Reports;

/// <summary>Lesions of one type across the batch. Sizes are the largest diameter in mm; size bins are
/// &lt;10, 10-20, 20-50 and ≥50 mm.</summary>
public sealed record LesionTypeStat(LesionType Type, int Lesions, int Patients, double MedianDiameterMm, double MaxDiameterMm, double MeanVolumeMl, IReadOnlyList<int> SizeBins);
