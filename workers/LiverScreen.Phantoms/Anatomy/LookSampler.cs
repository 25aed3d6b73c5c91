using LiverScreen.Contracts;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>
/// Per-phase attenuation of one study, drawn from the ranges of shared/docs/imaging-facts.md. A study-wide contrast
/// strength and the phase's timing within its window move all enhancing tissues together (a late arterial phase has
/// more portal and liver enhancement), the rest is independent jitter. Lesion looks follow the enhancement table,
/// relative to the lesion-free liver of the same phase, with a per-lesion contrast scale so that the cue's direction is
/// kept but not its magnitude.
/// </summary>
internal static class LookSampler
{
    /// <summary>Pseudo tissue id of the lesion-free liver in <see cref="Enhancing"/>.</summary>
    private const int LiverBaseId = -1;

    // Per-phase HU ranges of the enhancing tissues (imaging-facts.md where it has them). Contrast phases: Falling
    // ranges go down with the phase's timing (the aorta after its peak), the others up. NC ranges are plain uniform.
    private static readonly HuRange[] Arterial =
    [
        new(LiverBaseId, 70, 85), new(Tissue.Muscle, 50, 60), new(Tissue.Spleen, 110, 130), new(Tissue.Aorta, 250, 350, true),
        new(Tissue.PortalVein, 100, 150), new(Tissue.HepaticVein, 45, 60), new(Tissue.KidneyCortex, 150, 200),
        new(Tissue.KidneyMedulla, 60, 95), new(Tissue.Ivc, 60, 110), new(Tissue.Pancreas, 100, 130),
        new(Tissue.StomachWall, 70, 100), new(Tissue.BowelWall, 70, 100), new(Tissue.Heart, 180, 280),
    ];

    private static readonly HuRange[] PortalVenous =
    [
        new(LiverBaseId, 100, 125), new(Tissue.Muscle, 55, 65), new(Tissue.Spleen, 115, 125), new(Tissue.Aorta, 150, 180, true),
        new(Tissue.PortalVein, 170, 210, true), new(Tissue.HepaticVein, 150, 180), new(Tissue.KidneyCortex, 160, 180),
        new(Tissue.KidneyMedulla, 150, 175), new(Tissue.Ivc, 130, 165), new(Tissue.Pancreas, 80, 110),
        new(Tissue.StomachWall, 85, 110), new(Tissue.BowelWall, 85, 110), new(Tissue.Heart, 140, 175),
    ];

    private static readonly HuRange[] Delayed =
    [
        new(LiverBaseId, 85, 100, true), new(Tissue.Muscle, 55, 65), new(Tissue.Spleen, 95, 105, true), new(Tissue.Aorta, 110, 130, true),
        new(Tissue.PortalVein, 115, 135, true), new(Tissue.HepaticVein, 115, 135, true), new(Tissue.KidneyCortex, 120, 150, true),
        new(Tissue.KidneyMedulla, 140, 190), new(Tissue.Ivc, 110, 130, true), new(Tissue.Pancreas, 70, 90, true),
        new(Tissue.StomachWall, 75, 95, true), new(Tissue.BowelWall, 75, 95, true), new(Tissue.Heart, 110, 130, true),
    ];

    private static readonly HuRange[] Unenhanced =
    [
        new(LiverBaseId, 55, 65), new(Tissue.Muscle, 40, 55), new(Tissue.Spleen, 45, 50), new(Tissue.Aorta, 35, 45),
        new(Tissue.PortalVein, 35, 45), new(Tissue.HepaticVein, 35, 45), new(Tissue.KidneyCortex, 30, 40),
        new(Tissue.KidneyMedulla, 28, 38), new(Tissue.Ivc, 35, 45), new(Tissue.Pancreas, 35, 50),
        new(Tissue.StomachWall, 35, 45), new(Tissue.BowelWall, 35, 45), new(Tissue.Heart, 35, 45),
    ];

    private static HuRange[] Enhancing(Phase phase) => phase switch
    {
        Phase.AP => Arterial,
        Phase.VP => PortalVenous,
        Phase.DP => Delayed,
        _ => Unenhanced,
    };

    public static Dictionary<Phase, PhaseLook> Sample(Random rng, IReadOnlyList<Phase> phases, IReadOnlyDictionary<Phase, double> timing,
        LiverVariant variant, IReadOnlyList<LesionShape> lesions)
    {
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var strength = rng.NextDouble();
        double R(double lo, double hi, double t) => lo + (hi - lo) * Math.Clamp(0.35 * strength + 0.3 * t + 0.35 * rng.NextDouble(), 0, 1);

        var fat = U(-115, -85);
        var bone = U(450, 750);
        var marrow = U(150, 280);
        var bile = U(0, 20);
        var fluid = U(0, 20);
        // HU the fat removes from the NC liver: mostly mild-moderate (NC 15-40 HU), a fifth severe (down to -15 HU).
        var steatosis = variant == LiverVariant.Steatotic ? (rng.NextDouble() < 0.8 ? U(22, 45) : U(45, 75)) : 0;
        var cirrhosisDrop = variant == LiverVariant.Cirrhotic ? U(0, 12) : 0;
        var texture = variant == LiverVariant.Cirrhotic ? U(6, 12) : U(2, 6);
        var result = new Dictionary<Phase, PhaseLook>();
        var nc = new float[Tissue.Count];
        foreach (var phase in phases)
        {
            var t = phase switch
            {
                Phase.AP => Math.Clamp((timing[phase] - 25) / 20, 0, 1),
                Phase.VP => Math.Clamp((timing[phase] - 55) / 35, 0, 1),
                Phase.DP => Math.Clamp((timing[phase] - 170) / 140, 0, 1),
                _ => 0.5,
            };
            var hu = new float[Tissue.Count];
            hu[Tissue.Air] = (float)U(-1010, -990);
            hu[Tissue.Lung] = (float)U(-880, -830);
            hu[Tissue.SubcutFat] = (float)fat;
            hu[Tissue.VisceralFat] = (float)(fat + U(-8, 8));
            hu[Tissue.KidneySinus] = (float)(fat + U(10, 30));
            hu[Tissue.Bone] = (float)bone;
            hu[Tissue.Marrow] = (float)marrow;
            hu[Tissue.Disc] = (float)U(70, 95);
            hu[Tissue.Csf] = (float)U(0, 15);
            hu[Tissue.Bile] = (float)bile;
            hu[Tissue.BowelFluid] = (float)fluid;
            hu[Tissue.StomachContent] = (float)(fluid + U(0, 15));
            hu[Tissue.Gas] = (float)U(-1005, -985);
            hu[Tissue.Feces] = (float)U(10, 40);
            // Enhancing tissues, in a fixed order (the draw order is part of "same seed, same bytes").
            var liverBase = 0f;
            foreach (var r in Enhancing(phase))
            {
                var v = (float)(phase is Phase.AP or Phase.VP or Phase.DP ? R(r.Lo, r.Hi, r.Falling ? 1 - t : t) : U(r.Lo, r.Hi));
                if (r.Tissue == LiverBaseId)
                {
                    liverBase = v;
                }
                else
                {
                    hu[r.Tissue] = v;
                }
            }

            hu[Tissue.IntrahepaticPortal] = hu[Tissue.PortalVein];
            // Fat lowers every phase, a little less after contrast; cirrhosis enhances a little less.
            var fatLoss = phase == Phase.NC ? steatosis : steatosis * U(0.6, 0.9);
            hu[Tissue.Liver] = (float)(liverBase - fatLoss - (phase == Phase.NC ? 0 : cirrhosisDrop));
            liverBase -= phase == Phase.NC ? 0 : (float)cirrhosisDrop;
            if (phase == Phase.NC)
            {
                nc = hu;
            }

            var spleenHetero = phase == Phase.AP ? (float)U(10, 25) : (float)U(1, 4);
            result[phase] = new PhaseLook(hu, liverBase, (float)texture, spleenHetero, new LesionLook[lesions.Count]);
        }

        for (var i = 0; i < lesions.Count; i++)
        {
            SampleLesion(rng, lesions[i], result, nc, i);
        }

        return result;
    }

    private static void SampleLesion(Random rng, LesionShape lesion, Dictionary<Phase, PhaseLook> looks, float[] nc, int index)
    {
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var s = U(0.6, 1.4);                                 // contrast magnitude of this lesion
        var size = (lesion.Max - lesion.Min).X;              // box edge (mm), for size-dependent features
        var large = size > 45;
        var mosaic = lesion.Type == LesionType.HCC && large ? U(8, 18) : U(2, 6);
        var capsule = (float)U(0.86, 0.93);
        var rim = (float)U(0.68, 0.85);
        var scarR = lesion.Type == LesionType.Other && size > 30 ? (float)U(0.15, 0.3) : 0f;
        var fill = (float)U(0.2, 0.6);
        var cyst = (float)U(0, 20);
        var nodule = (float)U(-0.05, 0.3);
        var hemCore = nc[Tissue.Aorta] + U(-3, 8);           // hemangioma: blood pool, like the unenhanced aorta
        const float none = 2f;                               // a RimStart beyond the edge: no rim
        foreach (var (phase, look) in looks)
        {
            var liver = look.LiverBase;
            var aorta = look.TissueHu[Tissue.Aorta];
            LesionLook l = (lesion.Type, phase) switch
            {
                (LesionType.Cyst, _) => new(cyst + (float)U(-1.5, 1.5), 0, none, 0, 0, 1, false, 0, true),
                (LesionType.HCC, Phase.NC) => new((float)U(-16, -5), 0, none, 0, 0, (float)mosaic * 0.4f, false, 0, false),
                (LesionType.HCC, Phase.AP) => new((float)(U(22, 60) * s), 0, none, 0, 0, (float)mosaic, false, 0, false),
                (LesionType.HCC, Phase.VP) => new((float)(U(-30, -10) * s), (float)U(12, 30), capsule, 0, 0, (float)mosaic * 0.6f, false, 0, false),
                (LesionType.HCC, _) => new((float)(U(-35, -12) * s), (float)U(12, 30), capsule, 0, 0, (float)mosaic * 0.5f, false, 0, false),
                (LesionType.ICC, Phase.NC) => new((float)U(-25, -10), 0, none, 0, 0, 3, false, 0, false),
                (LesionType.ICC, Phase.AP) => new((float)(U(-40, -18) * s), (float)(U(12, 35) * s), rim, 0, 0, 4, false, 0, false),
                (LesionType.ICC, Phase.VP) => new((float)(U(-30, -12) * s), (float)U(2, 15), rim, 0, 0, 4, false, 0, false),
                (LesionType.ICC, _) => new((float)(U(0, 20) * s), (float)U(-8, 5), rim, 0, 0, 4, false, 0, false),
                (LesionType.Meta, Phase.NC) => new((float)U(-28, -10), 0, none, 0, 0, 3, false, 0, false),
                (LesionType.Meta, Phase.AP) => new((float)(U(-50, -22) * s), (float)(U(10, 35) * s), rim, 0, 0, 4, false, 0, false),
                (LesionType.Meta, Phase.VP) => new((float)(U(-55, -25) * s), (float)U(-6, 10), rim, 0, 0, 4, false, 0, false),
                (LesionType.Meta, _) => new((float)(U(-40, -15) * s), (float)U(-10, 5), rim, 0, 0, 4, false, 0, false),
                (LesionType.Hem, Phase.NC) => new((float)(hemCore - liver), 0, none, 0, 0, 2, false, 0, false),
                (LesionType.Hem, Phase.AP) => new((float)(hemCore + U(0, 10) - liver), (float)(aorta * U(0.85, 1.0) - liver), rim, 0, 0, 2, true, nodule, false),
                (LesionType.Hem, Phase.VP) => new((float)(hemCore + U(10, 30) - liver), (float)(aorta * U(0.88, 1.02) - liver), fill, 0, 0, 2, false, 0, false),
                (LesionType.Hem, _) => new((float)(aorta * U(0.9, 1.05) - liver), 0, none, 0, 0, 2, false, 0, false),
                (LesionType.Other, Phase.NC) => new((float)U(-8, 0), 0, none, scarR > 0 ? (float)U(-18, -8) : 0, scarR, 2, false, 0, false),
                (LesionType.Other, Phase.AP) => new((float)(U(40, 90) * s), 0, none, (float)U(-30, -12), scarR, 3, false, 0, false),
                (LesionType.Other, Phase.VP) => new((float)U(-5, 8), 0, none, (float)U(-25, -10), scarR, 2, false, 0, false),
                (LesionType.Other, _) => new((float)U(-5, 5), 0, none, (float)U(0, 15), scarR, 2, false, 0, false),
                _ => throw new InvalidOperationException($"No look for {lesion.Type} in {phase}."),
            };
            look.Lesions[index] = l;
        }
    }

    /// <summary>HU range of one tissue in one phase; <see cref="Falling"/>: late in the phase's window means low.</summary>
    private readonly record struct HuRange(int Tissue, double Lo, double Hi, bool Falling = false);
}
