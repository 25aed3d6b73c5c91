using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>Which lesions a patient has (type, volume), drawn from Table I of paper 002 (shared/docs/imaging-facts.md),
/// and where they go: irregular shapes placed inside the liver, some deliberately at its boundary.</summary>
internal static class LesionPlanner
{
    private static readonly double[] BinEdges = [0.5, 2, 4, 8, 16, 64, 250];

    // Lesion counts per volume bin (cm3: 0.5-2, 2-4, 4-8, 8-16, 16-64, >64), Table I of paper 002.
    private static readonly Dictionary<LesionType, int[]> TableI = new()
    {
        [LesionType.HCC] = [22, 28, 36, 47, 60, 66],
        [LesionType.Meta] = [69, 27, 32, 18, 24, 22],
        [LesionType.Cyst] = [51, 7, 8, 1, 2, 0],
        [LesionType.Other] = [25, 8, 7, 11, 8, 2],
        [LesionType.Hem] = [1, 2, 1, 0, 3, 5],
        [LesionType.ICC] = [0, 0, 1, 2, 7, 3],
    };

    public static List<(LesionType Type, double VolumeCc)> Plan(Random rng, bool screening)
    {
        var plan = new List<(LesionType, double)>();
        LesionType? primary;
        var u = rng.NextDouble();
        if (screening)
        {
            // About 10% with a lesion; benign outnumber malignant about 2:1.
            primary = u switch
            {
                < 0.90 => null,
                < 0.935 => LesionType.Cyst,
                < 0.95 => LesionType.Hem,
                < 0.967 => LesionType.Other,
                < 0.978 => LesionType.HCC,
                < 0.993 => LesionType.Meta,
                _ => LesionType.ICC,
            };
        }
        else
        {
            primary = u switch
            {
                < 0.12 => null,
                < 0.42 => LesionType.HCC,
                < 0.62 => LesionType.Meta,
                < 0.70 => LesionType.ICC,
                < 0.79 => LesionType.Hem,
                < 0.89 => LesionType.Other,
                _ => LesionType.Cyst,
            };
        }

        if (primary is { } type)
        {
            var count = type switch
            {
                LesionType.Meta => 1 + (int)Math.Floor(-Math.Log(1 - rng.NextDouble()) * 1.6),
                LesionType.Cyst => rng.Next(1, 4),
                LesionType.HCC => rng.NextDouble() < 0.7 ? 1 : rng.Next(2, 4),
                _ => rng.NextDouble() < 0.8 ? 1 : 2,
            };
            for (var i = 0; i < Math.Min(count, 8); i++)
            {
                plan.Add((type, DrawVolume(rng, type)));
            }

            if (type != LesionType.Cyst && rng.NextDouble() < 0.15)
            {
                plan.Add((LesionType.Cyst, DrawVolume(rng, LesionType.Cyst)));
            }
        }

        return plan;
    }

    private static double DrawVolume(Random rng, LesionType type)
    {
        var counts = TableI[type];
        var total = counts.Sum();
        var pick = rng.Next(total);
        var bin = 0;
        while (pick >= counts[bin])
        {
            pick -= counts[bin];
            bin++;
        }

        // Log-uniform within the bin.
        var lo = Math.Log(BinEdges[bin]);
        var hi = Math.Log(BinEdges[bin + 1]);
        return Math.Exp(lo + (hi - lo) * rng.NextDouble());
    }

    /// <summary>Places the planned lesions; those that do not fit (after shrinking) are dropped, so the truth lists only
    /// lesions that exist. Returns the shapes and which of them were placed at the liver boundary.</summary>
    public static List<(LesionShape Shape, bool AtBoundary)> Place(Random rng, BodyModel body, List<(LesionType Type, double VolumeCc)> plan)
    {
        var placed = new List<(LesionShape, bool)>();
        var parts = body.LiverParts;
        var min = new Vec3(Math.Min(parts[0].Min.X, parts[1].Min.X), Math.Min(parts[0].Min.Y, parts[1].Min.Y), Math.Min(parts[0].Min.Z, parts[1].Min.Z));
        var max = new Vec3(Math.Max(parts[0].Max.X, parts[1].Max.X), Math.Max(parts[0].Max.Y, parts[1].Max.Y), Math.Max(parts[0].Max.Z, parts[1].Max.Z));
        var id = 1;
        foreach (var (type, volume) in plan.OrderByDescending(p => p.VolumeCc))
        {
            var boundary = rng.NextDouble() < 0.15;
            var r = Math.Cbrt(3 * volume * 1000 / (4 * Math.PI));
            for (var attempt = 0; attempt < 4; attempt++, r *= 0.85)
            {
                var found = TryPlace(rng, body, min, max, placed, r, boundary, out var center);
                if (!found)
                {
                    continue;
                }

                placed.Add((Build(rng, id++, type, center, r), boundary));
                break;
            }
        }

        return placed;
    }

    private static bool TryPlace(Random rng, BodyModel body, Vec3 min, Vec3 max, List<(LesionShape Shape, bool)> placed, double r, bool boundary, out Vec3 center)
    {
        for (var i = 0; i < 300; i++)
        {
            var c = new Vec3(min.X + (max.X - min.X) * rng.NextDouble(), min.Y + (max.Y - min.Y) * rng.NextDouble(), min.Z + (max.Z - min.Z) * rng.NextDouble());
            if (body.LiverF(c) > (boundary ? 0.85 : 0.8))
            {
                continue;
            }

            if (placed.Any(p => (p.Shape.Center - c).Length < r + (p.Shape.Max.X - p.Shape.Min.X) * 0.5 + 2))
            {
                continue;
            }

            var outside = 0;
            foreach (var d in Directions)
            {
                if (body.LiverF(c + d * (boundary ? 0.8 * r : 1.3 * r + 2)) >= 1)
                {
                    outside++;
                }
            }

            if ((boundary && outside > 0) || (!boundary && outside == 0))
            {
                center = c;
                return true;
            }
        }

        center = default;
        return false;
    }

    private static readonly Vec3[] Directions = BuildDirections();

    private static Vec3[] BuildDirections()
    {
        var list = new List<Vec3>();
        for (var x = -1; x <= 1; x++)
        {
            for (var y = -1; y <= 1; y++)
            {
                for (var z = -1; z <= 1; z++)
                {
                    if (x != 0 || y != 0 || z != 0)
                    {
                        list.Add(new Vec3(x, y, z).Normalized());
                    }
                }
            }
        }

        return [.. list];
    }

    private static LesionShape Build(Random rng, int id, LesionType type, Vec3 center, double r)
    {
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var (wobble, satelliteP) = type switch
        {
            LesionType.Cyst => (0.02, 0.05),
            LesionType.HCC => (0.06, 0.3),
            LesionType.Meta => (0.08, 0.25),
            LesionType.Hem => (0.1, 0.5),
            LesionType.ICC => (0.16, 0.75),
            _ => (0.08, 0.3),
        };
        var a = U(0.8, 1.25);
        var b2 = U(0.8, 1.25);
        var c = 1 / (a * b2);
        var parts = new List<Ellipsoid>
        {
            new(center, new Vec3(a, b2, c) * r, Ellipsoid.Rotation(U(0, Math.PI), U(-0.5, 0.5), U(-0.5, 0.5)), 0, 0, 0,
                wobble, AnatomySampler.RandomK(rng, r * 0.8, r * 1.8), U(0, 6.28)),
        };
        var satellites = rng.NextDouble() < satelliteP ? rng.Next(1, 3) : 0;
        for (var i = 0; i < satellites; i++)
        {
            var sc = center + AnatomySampler.RandomDir(rng) * r * U(0.4, 0.7);
            parts.Add(new Ellipsoid(sc, new Vec3(U(0.35, 0.6), U(0.35, 0.6), U(0.35, 0.6)) * r, Ellipsoid.Rotation(U(0, 3)), 0, 0, 0,
                wobble, AnatomySampler.RandomK(rng, r * 0.5, r), U(0, 6.28)));
        }

        return new LesionShape(id, type, [.. parts]);
    }
}
