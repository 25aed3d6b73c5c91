using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Motion;

/// <summary>One Gaussian bump of the mild smooth deformation between breath-holds: a reference point p moves by
/// <c>DisplacementMm * exp(-|p - CenterLps|^2 / (2 SigmaMm^2))</c> (LPS, mm).</summary>
public sealed record MotionBump(Vec3 CenterLps, double SigmaMm, Vec3 DisplacementMm)
{
    public Vec3 Displacement(Vec3 p)
    {
        var d = p - CenterLps;
        return DisplacementMm * Math.Exp(-d.Dot(d) / (2 * SigmaMm * SigmaMm));
    }
}
