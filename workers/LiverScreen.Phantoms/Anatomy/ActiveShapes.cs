using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>The capsules and lesions whose boxes meet a region (a slab of rows): evaluating only these keeps the
/// per-voxel cost independent of how many vessel and bowel segments a patient has. One instance per thread.</summary>
internal sealed class ActiveShapes
{
    public int[] Vessels { get; private set; } = [];
    public int VesselCount { get; private set; }
    public int[] LiverVessels { get; private set; } = [];
    public int LiverVesselCount { get; private set; }
    public int[] Bowel { get; private set; } = [];
    public int BowelCount { get; private set; }
    public int[] Lesions { get; private set; } = [];
    public int LesionCount { get; private set; }

    public void Reset(BodyModel body, Vec3 min, Vec3 max)
    {
        // Organs are evaluated at deformed points: widen by the deformation amplitude.
        var m = body.DeformAmplitude + 1;
        var dmin = min - new Vec3(m, m, m);
        var dmax = max + new Vec3(m, m, m);
        (Vessels, VesselCount) = Filter(body.Vessels, Vessels, dmin, dmax);
        (LiverVessels, LiverVesselCount) = Filter(body.LiverVessels, LiverVessels, dmin, dmax);
        (Bowel, BowelCount) = Filter(body.Bowel, Bowel, dmin, dmax);
        if (Lesions.Length < body.Lesions.Length)
        {
            Lesions = new int[body.Lesions.Length];
        }

        LesionCount = 0;
        for (var i = 0; i < body.Lesions.Length; i++)
        {
            var l = body.Lesions[i];
            if (Overlaps(l.Min, l.Max, min, max))
            {
                Lesions[LesionCount++] = i;
            }
        }
    }

    private static (int[], int) Filter(Capsule[] all, int[] buffer, Vec3 min, Vec3 max)
    {
        if (buffer.Length < all.Length)
        {
            buffer = new int[all.Length];
        }

        var n = 0;
        for (var i = 0; i < all.Length; i++)
        {
            if (Overlaps(all[i].Min, all[i].Max, min, max))
            {
                buffer[n++] = i;
            }
        }

        return (buffer, n);
    }

    private static bool Overlaps(Vec3 aMin, Vec3 aMax, Vec3 bMin, Vec3 bMax) =>
        aMin.X <= bMax.X && aMax.X >= bMin.X && aMin.Y <= bMax.Y && aMax.Y >= bMin.Y && aMin.Z <= bMax.Z && aMax.Z >= bMin.Z;
}
