using LiverScreen.Contracts;

namespace LiverScreen.Evaluation.Truth;

/// <summary>One phantom lesion of truth.json (docs/formats.md): type, centre and box (LPS mm), volume (cm3).</summary>
public sealed record TruthLesion(int Id, LesionType Type, double[] CenterLps, double VolumeCc, double DiameterMm, TruthBox? BboxLps, bool AtLiverBoundary = false);
