using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Phantoms.Motion;

/// <summary>The rigid part of a phase's breathing motion: Euler rotation (radians, about x then y then z) around
/// <see cref="CenterLps"/>, then a translation (mm). Same parameterisation as <see cref="AffineTransform.Rigid"/>.</summary>
public sealed record RigidMotion(Vec3 RotationRad, Vec3 TranslationMm, Vec3 CenterLps)
{
    public static RigidMotion Identity { get; } = new(Vec3.Zero, Vec3.Zero, Vec3.Zero);

    public AffineTransform ToAffine() => AffineTransform.Rigid(RotationRad.X, RotationRad.Y, RotationRad.Z, TranslationMm, CenterLps);
}
