using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Testing;

/// <summary>
/// An analytic abdomen for registration tests and the alignment benchmark (synthetic, not anatomy-accurate):
/// elliptic body with a fat layer, liver, spleen, kidneys, aorta, portal and hepatic veins, a spine whose vertebrae and
/// discs give craniocaudal structure, gas pockets and one liver lesion. Attenuation per phase follows
/// shared/docs/imaging-facts.md, so NC and AP differ the way real phases do (vessels, kidneys, liver enhance).
/// Coordinates are LPS mm around the origin; +x is the patient's left, +y posterior, +z head.
/// </summary>
public static class SyntheticAbdomen
{
    /// <summary>Liver ellipsoid centre and semi-axes (mm): landmarks are drawn inside it.</summary>
    public static Vec3 LiverCenter { get; } = new(-55, -5, 20);

    public static Vec3 LiverRadii { get; } = new(75, 65, 70);

    /// <summary>HU at a reference-space point in a given phase (noise-free).</summary>
    public static double Hu(Vec3 p, Phase phase)
    {
        var (x, y, z) = (p.X, p.Y, p.Z);
        var outer = Sq(x / 170) + Sq(y / 125);
        if (outer > 1)
        {
            return -1000; // air
        }

        // Spine: vertebral bodies 24 mm tall with 6 mm discs, posterior midline.
        if (Sq((x) / 20) + Sq((y - 80) / 18) < 1)
        {
            var inDisc = Mod(z + 7, 30) < 6;
            return inDisc ? 90 : 650;
        }

        if (Sq(x / 155) + Sq(y / 110) > 1)
        {
            return -100; // subcutaneous fat
        }

        // Aorta, left of the spine, anterior to it.
        if (Sq(x - 20) + Sq(y - 50) < Sq(12))
        {
            return Pick(phase, 40, 300, 170, 120);
        }

        // Inferior vena cava, right of the spine.
        if (Sq(x + 25) + Sq(y - 50) < Sq(13) && z < 60)
        {
            return Pick(phase, 40, 90, 160, 125);
        }

        var liver = Sq((x - LiverCenter.X) / LiverRadii.X) + Sq((y - LiverCenter.Y) / LiverRadii.Y) + Sq((z - LiverCenter.Z) / LiverRadii.Z);
        if (liver < 1)
        {
            // Lesion: 12 mm radius, hypo in NC, hyper in AP, washout in VP/DP (HCC-like).
            if (Sq(x + 80) + Sq(y + 25) + Sq(z - 30) < Sq(12))
            {
                return Pick(phase, 45, 130, 90, 75);
            }

            // Portal vein: oblique tube through the hilum.
            if (DistanceToSegment(p, new Vec3(-20, 15, -10), new Vec3(-70, -10, 35)) < 7)
            {
                return Pick(phase, 40, 125, 190, 125);
            }

            // Hepatic veins: three tubes converging on the IVC at the liver dome.
            if (DistanceToSegment(p, new Vec3(-25, 40, 70), new Vec3(-100, 0, 40)) < 4 ||
                DistanceToSegment(p, new Vec3(-25, 40, 70), new Vec3(-60, -40, 45)) < 4 ||
                DistanceToSegment(p, new Vec3(-25, 40, 70), new Vec3(-15, -30, 50)) < 4)
            {
                return Pick(phase, 40, 50, 165, 125);
            }

            return Pick(phase, 60, 78, 112, 92);
        }

        if (Sq((x - 85) / 35) + Sq((y - 25) / 30) + Sq((z - 35) / 50) < 1)
        {
            return Pick(phase, 48, 120, 120, 100); // spleen
        }

        foreach (var side in (ReadOnlySpan<double>)[-1, 1])
        {
            var k = Sq((x - side * 70) / 26) + Sq((y - 50) / 20) + Sq((z + 50) / 45);
            if (k < 1)
            {
                return k < 0.55 ? Pick(phase, 30, 60, 150, 140) : Pick(phase, 35, 175, 170, 135); // medulla, cortex
            }
        }

        // Gas pockets in the bowel below the liver.
        if (Sq(x - 20) + Sq(y + 40) + Sq(z + 70) < Sq(15) || Sq(x + 50) + Sq(y + 55) + Sq(z + 90) < Sq(12))
        {
            return -900;
        }

        // Paraspinal muscle and retroperitoneal fat give texture the body outline lacks.
        if (Sq((x) / 60) + Sq((y - 85) / 25) < 1)
        {
            return Pick(phase, 48, 55, 60, 60);
        }

        return Mod(Math.Floor(x / 25) + Math.Floor(y / 25) + Math.Floor(z / 25), 2) < 1 ? Pick(phase, 20, 40, 50, 45) : -60;
    }

    private static double Pick(Phase phase, double nc, double ap, double vp, double dp) => phase switch
    {
        Phase.NC => nc,
        Phase.AP => ap,
        Phase.VP => vp,
        Phase.DP => dp,
        _ => nc,
    };

    private static double Sq(double v) => v * v;

    private static double Mod(double a, double m) => ((a % m) + m) % m;

    private static double DistanceToSegment(Vec3 p, Vec3 a, Vec3 b)
    {
        var ab = b - a;
        var t = Math.Clamp((p - a).Dot(ab) / ab.Dot(ab), 0, 1);
        return (p - (a + ab * t)).Length;
    }
}
