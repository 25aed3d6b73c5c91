namespace LiverScreen.Phantoms;

/// <summary>Fixes the grid and phases of a drawn study (benchmarks and tests need a known size); everything else stays
/// random. <see cref="AllPhases"/> forces a diagnostic study with NC, AP, VP and DP.</summary>
public sealed record AcquisitionOverride(int Matrix, int Slices, double ThicknessMm, bool AllPhases);
