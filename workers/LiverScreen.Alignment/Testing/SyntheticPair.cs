using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Testing;

/// <summary>
/// A reference/moving phase pair of the synthetic abdomen with a known true motion (rigid + Gaussian bumps, pull
/// convention) and liver landmarks (reference LPS mm) for target registration error. Shared by the alignment tests
/// and `liverscreen bench align`, so both measure the same thing. Synthetic: not for clinical claims.
/// </summary>
public sealed record SyntheticPair(
    string Name,
    Phase ReferencePhase,
    Phase MovingPhase,
    Volume<short> Reference,
    Volume<short> Moving,
    SyntheticMotion TrueMotion,
    IReadOnlyList<Vec3> Landmarks)
{
    /// <summary>The default grid: 192 x 192 x 48 at 2 x 2 x 5 mm (384 x 384 x 240 mm), like thick-slice liver CT.</summary>
    public static VolumeGeometry DefaultGrid { get; } =
        VolumeGeometry.Axial(new Size3(192, 192, 48), new Vec3(2, 2, 5), new Vec3(-191, -191, -117.5));

    /// <summary>A random misalignment from <paramref name="seed"/>: translation up to
    /// <paramref name="maxTranslationMm"/> per axis (craniocaudal the largest, as breathing), rotation up to
    /// <paramref name="maxRotationDeg"/> per axis, and two liver-sized bumps of up to <paramref name="bumpMm"/>.</summary>
    public static SyntheticMotion RandomMotion(int seed, double maxTranslationMm, double maxRotationDeg, double bumpMm)
    {
        var rng = new Random(seed);
        double U(double a) => (2 * rng.NextDouble() - 1) * a;
        var rad = maxRotationDeg * Math.PI / 180;
        var rigid = AffineTransform.Rigid(U(rad), U(rad), U(rad), new Vec3(U(maxTranslationMm * 0.4), U(maxTranslationMm * 0.4), U(maxTranslationMm)), SyntheticAbdomen.LiverCenter);
        var bumps = new List<MotionBump>();
        for (var b = 0; b < 2 && bumpMm > 0; b++)
        {
            var c = SyntheticAbdomen.LiverCenter + new Vec3(U(40), U(30), U(40));
            bumps.Add(new MotionBump(c, 50 + rng.NextDouble() * 20, new Vec3(U(bumpMm * 0.5), U(bumpMm * 0.5), U(bumpMm))));
        }

        return new SyntheticMotion(rigid, bumps);
    }

    public static SyntheticPair Create(string name, Phase referencePhase, Phase movingPhase, SyntheticMotion motion, int noiseSeed, VolumeGeometry? grid = null, double noiseHu = 10)
    {
        ArgumentNullException.ThrowIfNull(motion);
        var g = grid ?? DefaultGrid;
        var reference = Render(g, referencePhase, null, noiseSeed, noiseHu);
        var moving = Render(g, movingPhase, motion, noiseSeed + 1, noiseHu);
        return new SyntheticPair(name, referencePhase, movingPhase, reference, moving, motion, LiverLandmarks(noiseSeed, 50));
    }

    /// <summary>Renders the abdomen seen through <paramref name="motion"/> (null = reference position): each voxel
    /// averages three points through the slice thickness (partial volume), then Gaussian noise (HU) is added.</summary>
    public static Volume<short> Render(VolumeGeometry grid, Phase phase, SyntheticMotion? motion, int noiseSeed, double noiseHu)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var volume = new Volume<short>(grid);
        var s = grid.Size;
        Parallel.For(0, s.Z, z =>
        {
            var rng = new Random(noiseSeed * 7919 + z); // per slice: deterministic under any thread schedule
            for (var y = 0; y < s.Y; y++)
            {
                for (var x = 0; x < s.X; x++)
                {
                    double sum = 0;
                    for (var sub = -1; sub <= 1; sub++)
                    {
                        var q = grid.IndexToLps(x, y, z + sub / 3.0);
                        var p = motion is null ? q : motion.Inverse(q);
                        sum += SyntheticAbdomen.Hu(p, phase);
                    }

                    var gauss = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                    volume[x, y, z] = (short)Math.Clamp(Math.Round(sum / 3 + noiseHu * gauss), -1024, 3071);
                }
            }
        });
        return volume;
    }

    /// <summary>Landmarks spread through the liver ellipsoid (inner 85%), reference LPS mm.</summary>
    public static IReadOnlyList<Vec3> LiverLandmarks(int seed, int count)
    {
        var rng = new Random(seed + 424242);
        var list = new List<Vec3>(count);
        while (list.Count < count)
        {
            var u = new Vec3(2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1);
            if (u.Dot(u) <= 0.85 * 0.85)
            {
                var r = SyntheticAbdomen.LiverRadii;
                list.Add(SyntheticAbdomen.LiverCenter + new Vec3(u.X * r.X, u.Y * r.Y, u.Z * r.Z));
            }
        }

        return list;
    }

    /// <summary>Target registration error (mm) at each landmark: |estimated(p) - true(p)|.</summary>
    public static double[] TargetRegistrationErrors(ISpatialTransform estimated, ISpatialTransform truth, IReadOnlyList<Vec3> landmarks)
    {
        ArgumentNullException.ThrowIfNull(estimated);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(landmarks);
        return landmarks.Select(p => (estimated.Apply(p) - truth.Apply(p)).Length).ToArray();
    }
}
