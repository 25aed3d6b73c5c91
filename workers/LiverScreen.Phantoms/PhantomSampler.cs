using System.Globalization;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Phantoms.Anatomy;
using LiverScreen.Phantoms.Motion;

namespace LiverScreen.Phantoms;

/// <summary>
/// Draws study <c>index</c> of a cohort from (seed, index) alone, so studies can be generated in any order or in
/// parallel and still be byte-identical. Everything that is not a real diagnostic cue is randomised: body habitus,
/// organ shapes, intensities within textbook ranges, lesion contrast magnitude, grid, noise, blur, motion, headers.
/// </summary>
public static class PhantomSampler
{
    private static readonly (string Site, string Manufacturer, string Model, string[] Descriptions, string Kernel)[] Sites =
    [
        ("Site A", "GE MEDICAL SYSTEMS", "Revolution CT", ["ABD W/O", "ART 2.5mm", "PORTAL VENOUS", "DELAYED 3 MIN"], "STANDARD"),
        ("Site B", "SIEMENS", "SOMATOM Definition AS+", ["Abdomen nativ 5.0 B30f", "Arterial 1.0 B30f", "Venous 5.0 B30f", "Delayed 5.0 B30f"], "B30f"),
        ("Site C", "Philips", "iCT 256", ["PLAIN", "AP", "PV", "EQUIL"], "B"),
        ("Site D", "TOSHIBA", "Aquilion ONE", ["PRE", "ARTERIAL", "VENOUS", "DP"], "FC08"),
        ("Site E", "Canon Medical Systems", "Aquilion Prime SP", ["Liver NC", "Liver AP", "Liver VP", "Liver Delay"], "FC18"),
    ];

    private static readonly string[] Agents = ["OMNIPAQUE 350", "Iomeron 400", "VISIPAQUE 320", "Ultravist 370", "IV CONTRAST"];
    private static readonly string[] Uninformative = ["ABDOMEN", "ABD 5mm", "Body 3.0", "CT ABDOMEN", "AXIAL", "Recon 2"];

    /// <summary>Seed of study <paramref name="index"/> in cohort <paramref name="seed"/> (SplitMix64 of both).</summary>
    public static int StudySeed(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)index) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    public static PhantomStudy Sample(int seed, int index, PhantomPreset preset, AcquisitionOverride? force = null)
    {
        var rng = new Random(StudySeed(seed, index));
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var screening = preset == PhantomPreset.Screening || (preset == PhantomPreset.Mixed && rng.NextDouble() < 0.5);
        screening &= force is not { AllPhases: true };

        var sex = rng.NextDouble() < 0.5 ? "F" : "M";
        var age = screening ? rng.Next(45, 76) : rng.Next(35, 88);
        var plan = LesionPlanner.Plan(rng, screening);
        var hasHcc = plan.Any(p => p.Type == LesionType.HCC);
        var v = rng.NextDouble();
        var variant = hasHcc
            ? (v < 0.7 ? LiverVariant.Cirrhotic : v < 0.85 ? LiverVariant.Steatotic : LiverVariant.Normal)
            : (v < 0.6 ? LiverVariant.Normal : v < 0.85 ? LiverVariant.Steatotic : LiverVariant.Cirrhotic);

        var bodyCenter = new Vec3(U(-20, 20), U(-25, 25), 0);
        var liverZ = Math.Round(U(-250, 50));
        var body = AnatomySampler.Sample(rng, variant, bodyCenter, liverZ);
        var placed = LesionPlanner.Place(rng, body, plan);
        body.Lesions = [.. placed.Select(p => p.Shape)];

        // Phases and timing (seconds after injection start).
        var phases = new List<Phase> { Phase.NC };
        if (!screening)
        {
            phases.Add(Phase.AP);
            phases.Add(Phase.VP);
            if (rng.NextDouble() < 2.0 / 3 || force is { AllPhases: true })
            {
                phases.Add(Phase.DP);
            }
        }

        var timing = new Dictionary<Phase, double>
        {
            [Phase.NC] = 0,
            [Phase.AP] = U(27, 43),
            [Phase.VP] = U(58, 85),
            [Phase.DP] = U(170, 310),
        };
        var looks = LookSampler.Sample(rng, phases, timing, variant, body.Lesions);
        var reference = phases.Contains(Phase.VP) ? Phase.VP : Phase.NC;

        // Acquisition: one in-plane grid for the study, a slab covering the liver with random margins.
        var m = rng.NextDouble();
        var matrix = force?.Matrix ?? (m < 0.85 ? 512 : m < 0.95 ? 384 : 256);
        var bodyWidth = 2 * body.A;
        // The field of view covers the body at every matrix, as a liver protocol's phase series does: 512 at
        // 0.6-1.0 mm (imaging-facts.md), smaller matrices with proportionally larger pixels (256: about 1.2-1.9 mm).
        // A 256 matrix at under 1 mm would cut off a third of the abdomen, spine and aorta included.
        var spacingXY = Math.Clamp(bodyWidth * U(1.05, 1.3) / matrix, 0.6, matrix == 512 ? 1.0 : 2.0);
        spacingXY = Math.Round(spacingXY, 4);
        var t = rng.NextDouble();
        var thickness = force?.ThicknessMm ?? t switch { < 0.4 => 5.0, < 0.6 => 3.0, < 0.75 => 2.5, < 0.85 => 2.0, < 0.95 => 1.25, _ => 1.0 };
        var liverTop = body.DomeRz;
        var liverBottom = liverZ - 110;
        var zMax = liverTop + U(15, 50);
        var zMin = liverBottom - U(10, 110);
        var slices = (int)Math.Round((zMax - zMin) / thickness);
        slices = force?.Slices ?? Math.Min(slices, 240);
        zMin = zMax - (slices - 1) * thickness;
        var fovCenter = new Vec3(bodyCenter.X + U(-15, 15), bodyCenter.Y + U(-15, 15), 0);
        var half = (matrix - 1) / 2.0 * spacingXY;
        var refGrid = VolumeGeometry.Axial(new Size3(matrix, matrix, slices), new Vec3(spacingXY, spacingXY, thickness),
            new Vec3(Math.Round(fovCenter.X - half, 3), Math.Round(fovCenter.Y - half, 3), Math.Round(zMin, 3)));

        var siteIndex = rng.Next(Sites.Length);
        var site = Sites[siteIndex];
        var noiseBase = screening ? U(15, 30) : U(8, 15);
        var blur = U(0.35, 0.9);
        var studyUid = PhantomUid.Next(rng);
        var frameUid = PhantomUid.Next(rng);
        var startOfDay = TimeSpan.FromSeconds(Math.Round(U(7.5 * 3600, 17.5 * 3600)));
        var injection = startOfDay + TimeSpan.FromSeconds(Math.Round(U(60, 240)));
        var phaseList = new List<PhantomPhase>();
        var seriesNumber = rng.Next(2, 5);
        foreach (var phase in phases)
        {
            var motion = phase == reference ? PhaseMotion.Identity : DrawMotion(rng, body.LiverCenter);
            // The table follows the patient only roughly: shift the slab with the motion's z plus jitter, in whole slices.
            var shift = phase == reference ? 0 : Math.Round((motion.Rigid.TranslationMm.Z + U(-10, 10)) / thickness) * thickness;
            var grid = refGrid with { Origin = refGrid.Origin + new Vec3(0, 0, shift) };
            var description = Describe(rng, screening, site.Descriptions, phase);
            string? agent = phase == Phase.NC
                ? (rng.NextDouble() < 0.02 ? Agents[rng.Next(Agents.Length)] : null)
                : (rng.NextDouble() < 0.08 ? null : Agents[rng.Next(Agents.Length)]);
            var seconds = timing[phase];
            var time = phase == Phase.NC ? startOfDay : injection + TimeSpan.FromSeconds(Math.Round(seconds, 1));
            phaseList.Add(new PhantomPhase
            {
                Phase = phase,
                Grid = grid,
                Motion = motion,
                SeriesInstanceUid = PhantomUid.Next(rng),
                SeriesNumber = seriesNumber++,
                SeriesDescription = description,
                ContrastBolusAgent = agent,
                SecondsAfterInjection = phase == Phase.NC ? 0 : seconds,
                AcquisitionTime = time,
                SliceThicknessMm = thickness,
                NoiseHu = Math.Round(noiseBase * U(0.85, 1.15), 2),
                BlurMm = blur,
                ReversedOrder = rng.NextDouble() < 0.15,
                Kernel = site.Kernel,
            });
        }

        var lesions = placed.Select(p => Truth(p.Shape, p.AtBoundary)).ToList();
        var number = index + 1;
        return new PhantomStudy(body, looks)
        {
            Seed = seed,
            Index = index,
            Preset = preset,
            Setting = screening ? "screening" : "diagnosis",
            Folder = string.Create(CultureInfo.InvariantCulture, $"study-{number:D6}"),
            PatientId = string.Create(CultureInfo.InvariantCulture, $"PHANTOM-{seed}-{number:D6}"),
            PatientName = string.Create(CultureInfo.InvariantCulture, $"PHANTOM^{seed}-{number:D6}"),
            AccessionNumber = string.Create(CultureInfo.InvariantCulture, $"SYN{StudySeed(seed, index) % 100000000:D8}"),
            StudyInstanceUid = studyUid,
            FrameOfReferenceUid = frameUid,
            Sex = sex,
            Age = age,
            Site = site.Site,
            Manufacturer = site.Manufacturer,
            ManufacturerModel = site.Model,
            StudyDate = new DateOnly(2020, 1, 1).AddDays(rng.Next(0, 6 * 365)),
            LiverVariant = variant,
            Phases = phaseList,
            Lesions = lesions,
            ReferencePhase = reference,
            HasLocalizer = rng.NextDouble() < 0.2,
            HasDoseReport = rng.NextDouble() < 0.15,
        };
    }

    /// <summary>Breath-hold misalignment: 0-20 mm craniocaudal, a few mm in-plane, up to ~2 degrees, and 0-3 Gaussian
    /// bumps (sigma 35-80 mm, up to 4 mm) around the liver.</summary>
    private static PhaseMotion DrawMotion(Random rng, Vec3 liverCenter)
    {
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var tz = Math.Pow(rng.NextDouble(), 0.8) * 20 * (rng.NextDouble() < 0.5 ? -1 : 1);
        var rigid = new RigidMotion(
            new Vec3(U(-0.03, 0.03), U(-0.03, 0.03), U(-0.035, 0.035)),
            new Vec3(U(-4, 4), U(-4, 4), tz),
            liverCenter);
        var bumps = new List<MotionBump>();
        var n = rng.Next(0, 4);
        for (var i = 0; i < n; i++)
        {
            bumps.Add(new MotionBump(liverCenter + new Vec3(U(-60, 60), U(-60, 60), U(-60, 60)), U(35, 80),
                new Vec3(U(-4, 4), U(-4, 4), U(-4, 4))));
        }

        return new PhaseMotion(rigid, bumps);
    }

    private static string? Describe(Random rng, bool screening, string[] siteNames, Phase phase)
    {
        var u = rng.NextDouble();
        if (u < 0.07)
        {
            return null;                                            // missing
        }

        if (u < 0.12)
        {
            return Uninformative[rng.Next(Uninformative.Length)];   // says nothing about the phase
        }

        if (u < 0.16 && !screening)
        {
            return siteNames[rng.Next(1, siteNames.Length)];        // misleading: another phase's name
        }

        if (screening)
        {
            return rng.NextDouble() < 0.5 ? "LOW DOSE ABDOMEN" : siteNames[0];
        }

        return siteNames[(int)phase];
    }

    /// <summary>Truth of one lesion: volume and box integrated from the analytic shape on a fine lattice.</summary>
    private static PhantomLesion Truth(LesionShape shape, bool atBoundary)
    {
        var min = shape.Min;
        var max = shape.Max;
        var extent = max - min;
        var h = Math.Clamp(Math.Max(extent.X, Math.Max(extent.Y, extent.Z)) / 70, 0.25, 1.5);
        var count = 0L;
        var lo = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var hi = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        for (var z = min.Z + h / 2; z < max.Z; z += h)
        {
            for (var y = min.Y + h / 2; y < max.Y; y += h)
            {
                for (var x = min.X + h / 2; x < max.X; x += h)
                {
                    var p = new Vec3(x, y, z);
                    if (shape.F(p) < 1)
                    {
                        count++;
                        lo = new Vec3(Math.Min(lo.X, x), Math.Min(lo.Y, y), Math.Min(lo.Z, z));
                        hi = new Vec3(Math.Max(hi.X, x), Math.Max(hi.Y, y), Math.Max(hi.Z, z));
                    }
                }
            }
        }

        lo -= new Vec3(h / 2, h / 2, h / 2);
        hi += new Vec3(h / 2, h / 2, h / 2);
        var size = hi - lo;
        return new PhantomLesion(shape.Id, shape.Type, shape.Center, Math.Round(count * h * h * h / 1000, 3),
            Math.Round(Math.Max(size.X, Math.Max(size.Y, size.Z)), 1), lo, hi, atBoundary);
    }
}
