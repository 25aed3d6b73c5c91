namespace LiverScreen.Contracts;

/// <summary>One phase after registration onto the reference grid: the resampled volume, the saved transform
/// (so coordinates map back to the original series) and whether it passed the registration quality check.</summary>
public sealed record AlignedPhaseRef(
    Phase Phase,
    string SeriesInstanceUid,
    string VolumeKey,
    string? TransformKey,
    double Quality,
    bool Passed);
