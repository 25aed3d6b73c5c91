using System.Runtime.CompilerServices;
using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>
/// One patient's anatomy as implicit shapes in reference-phase patient coordinates (LPS mm: x to the patient's left,
/// y posterior, z superior), evaluated analytically per point. Built by <see cref="AnatomySampler"/>; immutable after.
/// Evaluation order is the priority order: lesions, then (at a smoothly deformed point) body wall, thorax above the
/// diaphragm, extrahepatic vessels, gallbladder, liver with its intrahepatic vessels, solid organs, spine, bowel,
/// visceral fat.
/// </summary>
internal sealed class BodyModel
{
    // Body wall (mm): centre, outer semi-axes (y split into anterior and posterior), fat and muscle thickness.
    public double Bx, By, A, BAnt, BPost, FatSide, FatAnt, FatPost, Muscle, WidenPerMm, ZRef;
    // Smooth random deformation of all organs (mm), the "not one template" part.
    public ValueNoise DeformX = null!, DeformY = null!, DeformZ = null!;
    public double DeformAmplitude;
    // Diaphragm domes: z = zDome - r^2 / (2 R).
    public double DomeRz, DomeRx, DomeLz, DomeLx, DomeY, DomeRadius;
    // Liver.
    public Ellipsoid[] LiverParts = [];
    public double LiverNodularity;
    public ValueNoise Coarse = null!, Fine = null!, Nodules = null!;
    public Vec3 LiverCenter;
    // Organs.
    public bool HasGallbladder;
    public Ellipsoid Gallbladder, Spleen, KidneyLeft, KidneyRight, Stomach, Heart;
    public double StomachWall, StomachGasLevel;
    public Ellipsoid[] Muscles = [];
    // Spine (mm).
    public double SpineX, SpineY, SpineR, CanalY, CanalR, DiscPitch, DiscPhase, DiscHalf;
    // Ribs in the muscle wall above RibLowZ.
    public double RibLowZ, RibPitch, RibWidth, RibSlope;
    public Capsule[] Vessels = [], LiverVessels = [], Bowel = [];
    public LesionShape[] Lesions = [];

    /// <summary>Liver membership (used by the sampler to place lesions): normalised radius at a reference point.</summary>
    public double LiverF(Vec3 p)
    {
        var d = Deform(p);
        if (d.Z > DiaphragmZ(d))
        {
            return 2;
        }

        return LiverFDeformed(d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double LiverFDeformed(in Vec3 d)
    {
        var f = LiverParts[0].F(d);
        for (var i = 1; i < LiverParts.Length; i++)
        {
            if (LiverParts[i].InBox(d))
            {
                f = LesionShape.SmoothMin(f, LiverParts[i].F(d), 0.3);
            }
        }

        if (LiverNodularity > 0 && f > 0.6)
        {
            // Cirrhosis: regenerative nodules make the surface bumpy.
            f += LiverNodularity * Nodules.At(d);
        }

        return f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 Deform(in Vec3 p) =>
        DeformAmplitude == 0 ? p : new Vec3(p.X + DeformAmplitude * DeformX.At(p), p.Y + DeformAmplitude * DeformY.At(p), p.Z + DeformAmplitude * DeformZ.At(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double DiaphragmZ(in Vec3 d)
    {
        var dy = d.Y - DomeY;
        var dxr = d.X - DomeRx;
        var dxl = d.X - DomeLx;
        var zr = DomeRz - (dxr * dxr + dy * dy) / (2 * DomeRadius);
        var zl = DomeLz - (dxl * dxl + dy * dy) / (2 * DomeRadius);
        // Blend the two domes over 60 mm around the midline (a ramp: no exp per voxel).
        var w = Math.Clamp(0.5 + (d.X - Bx) / 60, 0, 1);
        return zr * (1 - w) + zl * w;
    }

    /// <summary>HU at reference point <paramref name="p"/> in the phase described by <paramref name="look"/>, with its
    /// label (<see cref="SegmentationLabel"/>) and lesion instance id (0 = none).</summary>
    public float Evaluate(in Vec3 p, PhaseLook look, ActiveShapes active, out byte label, out byte instance) =>
        Evaluate(p, Deform(p), look, active, out label, out instance);

    /// <summary>As <see cref="Evaluate(in Vec3, PhaseLook, ActiveShapes, out byte, out byte)"/> with the deformed point
    /// <paramref name="d"/> = <see cref="Deform"/>(p) supplied (renderers interpolate it: the deformation is smooth).</summary>
    public float Evaluate(in Vec3 p, in Vec3 d, PhaseLook look, ActiveShapes active, out byte label, out byte instance)
    {
        instance = 0;
        for (var k = 0; k < active.LesionCount; k++)
        {
            var i = active.Lesions[k];
            var lesion = Lesions[i];
            if (!lesion.InBox(p))
            {
                continue;
            }

            var f = lesion.F(p);
            if (f < 1)
            {
                label = (byte)lesion.Type;
                instance = (byte)lesion.Id;
                return LesionHu(look, look.Lesions[i], Math.Sqrt(f), Fine.At(p * 1.7));
            }
        }

        var t = TissueAt(d, active);
        label = Tissue.Label[t];
        var hu = look.TissueHu[t];
        switch (t)
        {
            case Tissue.Liver:
                hu += look.LiverTexture * (0.65f * Coarse.At(d) + 0.35f * Fine.At(d));
                break;
            case Tissue.Spleen:
                hu += look.SpleenHetero * Coarse.At(d * 1.5);
                break;
            case Tissue.Feces:
                hu = Fine.At(d * 2.3) > 0.25f ? look.TissueHu[Tissue.Gas] : hu + 25 * Fine.At(d * 3.1);
                break;
            case Tissue.Lung:
                hu += 25 * Fine.At(d * 2);
                break;
            default:
                break;
        }

        return hu;
    }

    private static float LesionHu(PhaseLook look, in LesionLook l, double r, float noise)
    {
        float delta;
        if (r < l.ScarRadius)
        {
            delta = l.Scar;
        }
        else if (r >= l.RimStart && (!l.NodularRim || noise > l.NoduleThreshold))
        {
            delta = l.Rim;
        }
        else
        {
            delta = l.Core + l.Texture * noise;
        }

        return l.Absolute ? delta : look.LiverBase + delta;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private byte TissueAt(in Vec3 d, ActiveShapes active)
    {
        // Body wall: concentric ellipses, wider lower in the abdomen.
        var x = d.X - Bx;
        var y = d.Y - By;
        var s = 1 + WidenPerMm * (ZRef - d.Z);
        var a = A * s;
        var b = (y < 0 ? BAnt : BPost) * s;
        if (Sq(x / a) + Sq(y / b) > 1)
        {
            return Tissue.Air;
        }

        var fat = y < 0 ? FatAnt : FatPost;
        var fatX = FatSide;
        var ai = a - fatX;
        var bi = b - fat;
        if (Sq(x / ai) + Sq(y / bi) > 1)
        {
            return Tissue.SubcutFat;
        }

        var ac = ai - Muscle;
        var bc = bi - Muscle;
        if (Sq(x / ac) + Sq(y / bc) > 1)
        {
            return IsRib(d, x, y) ? Tissue.Bone : Tissue.Muscle;
        }

        // Spine and posterior elements (present at every level).
        var spine = SpineAt(d);
        if (spine != 255)
        {
            return spine;
        }

        foreach (var m in Muscles)
        {
            if (m.InBox(d) && m.F(d) < 1)
            {
                return Tissue.Muscle;
            }
        }

        for (var k = 0; k < active.VesselCount; k++)
        {
            ref readonly var c = ref Vessels[active.Vessels[k]];
            if (c.InBox(d) && c.Depth(d) < 0)
            {
                return c.Tissue;
            }
        }

        var diaphragm = DiaphragmZ(d);
        if (d.Z > diaphragm)
        {
            if (d.Z < diaphragm + 4)
            {
                return Tissue.Muscle;
            }

            return Heart.InBox(d) && Heart.F(d) < 1 ? Tissue.Heart : Tissue.Lung;
        }

        if (HasGallbladder && Gallbladder.InBox(d) && Gallbladder.F(d) < 1)
        {
            return Tissue.Bile;
        }

        if (LiverParts[0].InBox(d) || LiverParts[1].InBox(d))
        {
            var f = LiverFDeformed(d);
            if (f < 1)
            {
                for (var k = 0; k < active.LiverVesselCount; k++)
                {
                    ref readonly var c = ref LiverVessels[active.LiverVessels[k]];
                    if (c.InBox(d) && c.Depth(d) < 0)
                    {
                        return c.Tissue;
                    }
                }

                return Tissue.Liver;
            }
        }

        if (Spleen.InBox(d) && Spleen.F(d) < 1)
        {
            return Tissue.Spleen;
        }

        var kidney = KidneyAt(KidneyLeft, d);
        if (kidney == 255)
        {
            kidney = KidneyAt(KidneyRight, d);
        }

        if (kidney != 255)
        {
            return kidney;
        }

        if (Stomach.InBox(d))
        {
            var f = Stomach.F(d);
            if (f < 1)
            {
                if (f > StomachWall)
                {
                    return Tissue.StomachWall;
                }

                return Stomach.Local(d).Y < StomachGasLevel ? Tissue.Gas : Tissue.StomachContent;
            }
        }

        for (var k = 0; k < active.BowelCount; k++)
        {
            ref readonly var c = ref Bowel[active.Bowel[k]];
            if (!c.InBox(d))
            {
                continue;
            }

            var depth = c.Depth(d);
            if (depth < 0)
            {
                return c.Wall > 0 && depth < -c.Wall ? c.Content : c.Tissue;
            }
        }

        return Tissue.VisceralFat;
    }

    private byte SpineAt(in Vec3 d)
    {
        var dx = d.X - SpineX;
        var dy = d.Y - SpineY;
        if (Math.Abs(dx) > SpineR + 30 || dy < -SpineR - 2 || dy > SpineR + 55)
        {
            return 255;
        }

        var r2 = dx * dx + dy * dy;
        if (r2 < SpineR * SpineR)
        {
            var disc = Math.Abs(Frac((d.Z - DiscPhase) / DiscPitch) - 0.5) * DiscPitch;
            if (disc < DiscHalf)
            {
                return Tissue.Disc;
            }

            return r2 > Sq(SpineR - 2.2) ? Tissue.Bone : Tissue.Marrow;
        }

        var cy = d.Y - CanalY;
        var rc2 = dx * dx + cy * cy;
        if (rc2 < CanalR * CanalR)
        {
            return Tissue.Csf;
        }

        // Neural arch and spinous process: a bony ring around the canal and a posterior bar.
        if (rc2 < Sq(CanalR + 4.5) && cy > -CanalR * 0.6)
        {
            return Tissue.Bone;
        }

        if (Math.Abs(dx) < 4 && cy > CanalR && cy < CanalR + 32)
        {
            return Tissue.Bone;
        }

        // Transverse processes.
        if (Math.Abs(cy + 2) < 4 && Math.Abs(dx) < SpineR + 24 && Math.Abs(Frac((d.Z - DiscPhase) / DiscPitch) - 0.5) > 0.3)
        {
            return Tissue.Bone;
        }

        return 255;
    }

    private static byte KidneyAt(in Ellipsoid k, in Vec3 d)
    {
        if (!k.InBox(d))
        {
            return 255;
        }

        var f = k.F(d);
        if (f >= 1)
        {
            return 255;
        }

        if (f > 0.5)
        {
            return Tissue.KidneyCortex;
        }

        return f > 0.18 ? Tissue.KidneyMedulla : Tissue.KidneySinus;
    }

    private bool IsRib(in Vec3 d, double x, double y)
    {
        if (d.Z < RibLowZ || (y < 0 && Math.Abs(x) < 0.3 * A))
        {
            return false;
        }

        // Ribs run obliquely, so an axial slice cuts each one as a short arc: a pattern in both z and angle.
        var theta = Math.Atan2(y, x);
        return Frac((d.Z - RibLowZ + RibSlope * theta) / RibPitch) < RibWidth / RibPitch;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sq(double v) => v * v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Frac(double v) => v - Math.Floor(v);
}
