using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Testing;

/// <summary>
/// The true motion of a phase, as docs/formats.md's PhaseMotion: a reference-phase point p appears at
/// Rigid(p) + sum_b d_b exp(-|p - c_b|^2 / (2 s_b^2)) in the phase (pull convention, like <see cref="ISpatialTransform"/>).
/// Used to build test pairs and as ground truth for target registration error.
/// </summary>
public sealed class SyntheticMotion : ISpatialTransform
{
    public SyntheticMotion(AffineTransform rigid, IReadOnlyList<MotionBump> bumps)
    {
        ArgumentNullException.ThrowIfNull(rigid);
        ArgumentNullException.ThrowIfNull(bumps);
        Rigid = rigid;
        Bumps = bumps;
        _inverseRigid = rigid.Inverse();
    }

    private readonly AffineTransform _inverseRigid;

    public AffineTransform Rigid { get; }

    public IReadOnlyList<MotionBump> Bumps { get; }

    public Vec3 Apply(Vec3 point) => Rigid.Apply(point) + BumpDisplacement(point);

    /// <summary>The reference point that lands on <paramref name="phasePoint"/>: p = Rigid^-1(q - bumps(p)), iterated
    /// (a contraction while each bump's |d| / sigma stays below about 1).</summary>
    public Vec3 Inverse(Vec3 phasePoint)
    {
        var p = _inverseRigid.Apply(phasePoint);
        if (Bumps.Count == 0)
        {
            return p;
        }

        for (var i = 0; i < 30; i++)
        {
            var next = _inverseRigid.Apply(phasePoint - BumpDisplacement(p));
            if ((next - p).Length < 1e-4)
            {
                return next;
            }

            p = next;
        }

        return p;
    }

    private Vec3 BumpDisplacement(Vec3 p)
    {
        var d = Vec3.Zero;
        foreach (var b in Bumps)
        {
            var r = p - b.CenterLps;
            d += b.DisplacementMm * Math.Exp(-r.Dot(r) / (2 * b.SigmaMm * b.SigmaMm));
        }

        return d;
    }
}
