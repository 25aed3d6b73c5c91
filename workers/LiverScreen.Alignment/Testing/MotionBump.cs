using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Testing;

/// <summary>One Gaussian "breathing bump": displacement (mm) weighted by exp(-|p - c|^2 / (2 sigma^2)).</summary>
public sealed record MotionBump(Vec3 CenterLps, double SigmaMm, Vec3 DisplacementMm);
