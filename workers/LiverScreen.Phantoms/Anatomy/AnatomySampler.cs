using LiverScreen.Imaging;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>Draws one patient's body: every size, position, tilt and deformation is random within anatomical ranges
/// (mm), organs placed relative to the abdominal cavity so that they scale together with the body habitus.</summary>
internal static class AnatomySampler
{
    public static BodyModel Sample(Random rng, LiverVariant variant, Vec3 bodyCenter, double liverZ)
    {
        double U(double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
        var b = new BodyModel
        {
            Bx = bodyCenter.X,
            By = bodyCenter.Y,
            ZRef = liverZ,
            A = U(135, 185),
            BAnt = U(95, 135),
            FatSide = U(6, 40),
            Muscle = U(6, 13),
            WidenPerMm = U(0, 0.0012),
        };
        b.BPost = b.BAnt * U(0.85, 1.0);
        b.FatAnt = b.FatSide * U(0.9, 1.5);
        b.FatPost = b.FatSide * U(0.6, 1.0);
        var ca = b.A - b.FatSide - b.Muscle;          // cavity semi-axes
        var cbA = b.BAnt - b.FatAnt - b.Muscle;
        var cbP = b.BPost - b.FatPost - b.Muscle;
        var cx = b.Bx;
        var cy = b.By;

        // Smooth deformation of all organs: amplitude in mm over a 45 mm lattice.
        var boxMin = new Vec3(cx - b.A - 20, cy - b.BAnt - 20, liverZ - 400);
        var boxMax = new Vec3(cx + b.A + 20, cy + b.BPost + 20, liverZ + 250);
        b.DeformAmplitude = U(2, 9);
        b.DeformX = new ValueNoise(rng, boxMin, boxMax, 45);
        b.DeformY = new ValueNoise(rng, boxMin, boxMax, 45);
        b.DeformZ = new ValueNoise(rng, boxMin, boxMax, 45);

        // Spine.
        b.SpineR = U(15, 21);
        b.SpineX = cx + U(-4, 4);
        b.SpineY = cy + cbP * U(0.35, 0.5);
        b.CanalR = U(7, 9);
        b.CanalY = b.SpineY + b.SpineR + b.CanalR + 1.5;
        b.DiscPitch = U(28, 34);
        b.DiscPhase = U(0, 30);
        b.DiscHalf = U(3, 4.5);
        b.Muscles =
        [
            // Paraspinal muscles and psoas on both sides.
            new Ellipsoid(new Vec3(b.SpineX - b.SpineR - 16, b.CanalY + 14, liverZ), new Vec3(U(18, 24), U(20, 28), 600), Mat3.Identity),
            new Ellipsoid(new Vec3(b.SpineX + b.SpineR + 16, b.CanalY + 14, liverZ), new Vec3(U(18, 24), U(20, 28), 600), Mat3.Identity),
            new Ellipsoid(new Vec3(b.SpineX - b.SpineR - 10, b.SpineY - 2, liverZ - 260), new Vec3(U(14, 22), U(14, 20), 190), Mat3.Identity),
            new Ellipsoid(new Vec3(b.SpineX + b.SpineR + 10, b.SpineY - 2, liverZ - 260), new Vec3(U(14, 22), U(14, 20), 190), Mat3.Identity),
        ];
        b.RibLowZ = liverZ - U(40, 90);
        b.RibPitch = U(24, 32);
        b.RibWidth = U(6, 9);
        b.RibSlope = U(30, 45);

        // Liver: right lobe, left lobe, caudate; cirrhosis shrinks the right lobe and enlarges the left and caudate.
        var cirrhotic = variant == LiverVariant.Cirrhotic;
        var rightScale = cirrhotic ? U(0.75, 0.92) : U(0.9, 1.1);
        var leftScale = cirrhotic ? U(1.05, 1.3) : U(0.8, 1.15);
        var rightC = new Vec3(cx - ca * U(0.38, 0.48), cy + cbA * U(-0.15, 0.1), liverZ);
        var rightAxes = new Vec3(ca * U(0.45, 0.55), (cbA + cbP) * 0.5 * U(0.68, 0.85), U(78, 102)) * rightScale;
        var right = new Ellipsoid(rightC, rightAxes, Ellipsoid.Rotation(U(-0.25, 0.2), U(-0.15, 0.15)),
            U(-0.2, 0.2), U(-0.15, 0.15), U(-0.35, 0.1), U(0.02, 0.06), RandomK(rng, 40, 90), U(0, 6.28));
        var leftC = new Vec3(cx + ca * U(0.0, 0.18), cy - cbA * U(0.3, 0.5), liverZ + U(10, 35));
        var left = new Ellipsoid(leftC, new Vec3(ca * U(0.3, 0.45), cbA * U(0.2, 0.3), U(30, 50)) * leftScale,
            Ellipsoid.Rotation(U(-0.35, 0.1), U(-0.2, 0.2)), U(-0.2, 0.2), U(-0.2, 0.2), U(-0.3, 0.2), U(0.02, 0.07), RandomK(rng, 30, 70), U(0, 6.28));
        var caudate = new Ellipsoid(new Vec3(b.SpineX - b.SpineR - U(5, 15), b.SpineY - b.SpineR - U(22, 32), liverZ + U(0, 20)),
            new Vec3(U(15, 22), U(13, 19), U(25, 38)) * (cirrhotic ? 1.3 : 1.0), Ellipsoid.Rotation(U(-0.3, 0.3)));
        b.LiverParts = [right, left, caudate];
        b.LiverCenter = rightC;
        b.LiverNodularity = cirrhotic ? U(0.05, 0.12) : 0;
        var liverMin = new Vec3(cx - b.A, cy - b.BAnt, liverZ - 160);
        var liverMax = new Vec3(cx + b.A, cy + b.BPost, liverZ + 140);
        b.Coarse = new ValueNoise(rng, liverMin, liverMax, U(10, 16));
        b.Fine = new ValueNoise(rng, liverMin, liverMax, U(3.5, 5));
        b.Nodules = new ValueNoise(rng, liverMin, liverMax, U(4, 7));

        // Diaphragm domes just above the liver's top.
        b.DomeRz = liverZ + rightAxes.Z * U(0.7, 0.9);
        b.DomeRx = rightC.X;
        b.DomeLz = b.DomeRz - U(10, 25);
        b.DomeLx = cx + ca * U(0.3, 0.5);
        b.DomeY = cy + U(-10, 15);
        b.DomeRadius = U(150, 230);
        b.Heart = new Ellipsoid(new Vec3(cx + ca * U(0.05, 0.2), cy - cbA * U(0.2, 0.4), b.DomeLz + U(45, 60)),
            new Vec3(U(55, 70), U(45, 60), U(55, 70)), Ellipsoid.Rotation(U(-0.5, 0)));

        // Solid organs.
        b.HasGallbladder = rng.NextDouble() > 0.1;
        b.Gallbladder = new Ellipsoid(new Vec3(rightC.X + rightAxes.X * U(0.45, 0.7), cy - cbA * U(0.15, 0.4), liverZ - U(25, 50)),
            new Vec3(U(13, 20), U(12, 18), U(25, 42)), Ellipsoid.Rotation(U(-0.5, 0.5), U(-0.5, 0.3)), taper: U(-0.3, 0.1));
        var spleenScale = cirrhotic ? U(1.1, 1.45) : U(0.85, 1.15);
        b.Spleen = new Ellipsoid(new Vec3(cx + ca * U(0.6, 0.72), cy + cbP * U(0.15, 0.4), liverZ + U(-15, 15)),
            new Vec3(U(17, 26), U(40, 58), U(45, 62)) * spleenScale, Ellipsoid.Rotation(U(0.4, 0.9), U(-0.2, 0.2)),
            U(-0.25, 0.05), 0, U(-0.2, 0.2), U(0.02, 0.06), RandomK(rng, 30, 60), U(0, 6.28));
        var kidneyZ = liverZ - U(55, 85);
        var kidneyX = b.SpineR + U(40, 55);
        b.KidneyRight = new Ellipsoid(new Vec3(b.SpineX - kidneyX, b.SpineY + U(-5, 10), kidneyZ - U(5, 20)),
            new Vec3(U(22, 28), U(20, 26), U(45, 58)), Ellipsoid.Rotation(U(0.3, 0.7), U(-0.15, 0.15), U(-0.3, 0)));
        b.KidneyLeft = new Ellipsoid(new Vec3(b.SpineX + kidneyX, b.SpineY + U(-5, 10), kidneyZ + U(0, 10)),
            new Vec3(U(22, 28), U(20, 26), U(45, 58)), Ellipsoid.Rotation(U(-0.7, -0.3), U(-0.15, 0.15), U(0, 0.3)));
        b.Stomach = new Ellipsoid(new Vec3(cx + ca * U(0.25, 0.45), cy - cbA * U(0.1, 0.35), liverZ + U(-5, 25)),
            new Vec3(U(30, 50), U(28, 42), U(40, 60)), Ellipsoid.Rotation(U(-0.6, 0.2), U(-0.3, 0.3)),
            U(-0.3, 0.3), U(-0.2, 0.2), U(-0.4, 0.1), U(0.03, 0.08), RandomK(rng, 25, 50), U(0, 6.28));
        b.StomachWall = U(0.78, 0.88);
        b.StomachGasLevel = U(-1.0, -0.2);

        // Vessels (extrahepatic): aorta and IVC through all z, portal trunk, splenic vein.
        var aortaR = U(9, 13);
        var aortaX = b.SpineX + U(10, 22);
        var aortaY = b.SpineY - b.SpineR - aortaR - U(1, 5);
        var ivcR = U(9, 13);
        var ivcX = b.SpineX - U(22, 32);
        var ivcY = b.SpineY - b.SpineR - ivcR - U(0, 6);
        var confluence = new Vec3(b.SpineX + U(-5, 10), aortaY - U(20, 30), liverZ - U(45, 65));
        var hilum = new Vec3(rightC.X + rightAxes.X * U(0.35, 0.55), cy - cbA * U(0.0, 0.15), liverZ - U(5, 20));
        var spleenHilum = b.Spleen.Center + new Vec3(-U(15, 25), -U(5, 15), 0);
        var vessels = new List<Capsule>
        {
            new(new Vec3(aortaX, aortaY, liverZ - 420), new Vec3(aortaX + U(-5, 5), aortaY + U(-3, 3), liverZ + 260), aortaR * U(0.85, 1.0), aortaR, Tissue.Aorta),
            new(new Vec3(ivcX, ivcY, liverZ - 420), new Vec3(ivcX + U(-5, 5), ivcY - U(0, 10), b.DomeRz + 20), ivcR, ivcR * U(1.0, 1.3), Tissue.Ivc),
            new(confluence, hilum, U(6, 8.5), U(5.5, 7.5), Tissue.PortalVein),
            new(confluence, spleenHilum, U(4, 5.5), U(3.5, 5), Tissue.PortalVein),
            new(confluence, confluence + new Vec3(U(-10, 10), U(-5, 5), -U(40, 70)), U(4.5, 6.5), U(4, 6), Tissue.PortalVein),
        };
        b.Vessels = [.. vessels];

        // Intrahepatic portal tree from the hilum and three hepatic veins from the IVC near the dome.
        var liverVessels = new List<Capsule>();
        var rightEnd = new Vec3(rightC.X - rightAxes.X * U(0.1, 0.3), rightC.Y + U(-10, 10), liverZ + U(-10, 10));
        var leftEnd = new Vec3(leftC.X + U(-10, 10), leftC.Y + U(-5, 5), leftC.Z);
        liverVessels.Add(new Capsule(hilum, rightEnd, U(5, 6.5), U(3.5, 4.5), Tissue.IntrahepaticPortal));
        liverVessels.Add(new Capsule(hilum, leftEnd, U(4, 5.5), U(3, 4), Tissue.IntrahepaticPortal));
        Branch(rng, b, liverVessels, rightEnd, 3.5, 3, Tissue.IntrahepaticPortal);
        Branch(rng, b, liverVessels, leftEnd, 3, 3, Tissue.IntrahepaticPortal);
        var hvRoot = new Vec3(ivcX + U(-3, 3), ivcY - U(0, 6), b.DomeRz - U(15, 25));
        foreach (var target in new[]
        {
            new Vec3(rightC.X - rightAxes.X * U(0.5, 0.8), rightC.Y + U(0, 20), liverZ - U(0, 25)),
            new Vec3(rightC.X + rightAxes.X * U(0.3, 0.6), cy - cbA * U(0.3, 0.5), liverZ - U(10, 35)),
            new Vec3(leftC.X + U(-10, 20), leftC.Y - U(0, 10), leftC.Z + U(-10, 5)),
        })
        {
            var r0 = U(4.5, 6.5);
            liverVessels.Add(new Capsule(hvRoot, target, r0, U(1.8, 2.6), Tissue.HepaticVein));
            var mid = hvRoot + (target - hvRoot) * U(0.4, 0.6);
            liverVessels.Add(new Capsule(mid, mid + RandomDir(rng) * U(25, 45), U(2.5, 3.2), U(1.5, 2), Tissue.HepaticVein));
        }

        b.LiverVessels = [.. liverVessels.Where(c => b.LiverF(c.B) < 1.1)];

        // Pancreas (a lobulated chain of capsules from head to tail) and bowel loops below the liver.
        var bowel = new List<Capsule>();
        var head = new Vec3(confluence.X - U(15, 30), confluence.Y - U(0, 10), confluence.Z - U(5, 20));
        var body = new Vec3(confluence.X + U(5, 20), confluence.Y - U(8, 15), confluence.Z + U(0, 10));
        var tail = spleenHilum + new Vec3(-U(5, 15), -U(10, 20), -U(5, 15));
        var pr = U(10, 14);
        vessels.Add(new Capsule(head, body, pr * U(1.2, 1.5), pr, Tissue.Pancreas));
        vessels.Add(new Capsule(body, tail, pr, pr * U(0.7, 0.9), Tissue.Pancreas));
        b.Vessels = [.. vessels];
        var loops = rng.Next(18, 34);
        var top = liverZ - U(40, 70);
        for (var i = 0; i < loops; i++)
        {
            var colon = i < 5;
            var c = new Vec3(cx + ca * U(-0.75, 0.75), cy + U(-0.85 * cbA, 0.25 * cbP), top - U(0, 200));
            if (i == 0)
            {
                // Hepatic flexure just under the liver.
                c = new Vec3(rightC.X + U(-10, 20), cy - cbA * U(0.1, 0.5), liverZ - rightAxes.Z * U(0.7, 1.0));
            }

            var r = colon ? U(15, 26) : U(9, 15);
            var dir = RandomDir(rng);
            dir = new Vec3(dir.X, dir.Y, dir.Z * 0.4).Normalized();
            var content = rng.NextDouble() switch
            {
                < 0.25 => Tissue.Gas,
                < 0.7 => colon ? Tissue.Feces : Tissue.BowelFluid,
                _ => colon ? Tissue.Gas : Tissue.BowelFluid,
            };
            bowel.Add(new Capsule(c, c + dir * U(20, 70), r, r * U(0.8, 1.2), Tissue.BowelWall, content, U(1.5, 3)));
        }

        b.Bowel = [.. bowel];
        return b;
    }

    /// <summary>Random portal branches that stay inside the liver: each level halves the count of candidates kept.</summary>
    private static void Branch(Random rng, BodyModel b, List<Capsule> into, Vec3 from, double radius, int depth, byte tissue)
    {
        if (depth == 0 || radius < 1.2)
        {
            return;
        }

        var n = rng.Next(2, 4);
        for (var i = 0; i < n; i++)
        {
            var length = radius * (8 + 6 * rng.NextDouble());
            var to = from + RandomDir(rng) * length;
            if (b.LiverF(to) > 0.85)
            {
                continue;
            }

            into.Add(new Capsule(from, to, radius, radius * 0.75, tissue));
            Branch(rng, b, into, to, radius * 0.7, depth - 1, tissue);
        }
    }

    internal static Vec3 RandomDir(Random rng)
    {
        while (true)
        {
            var v = new Vec3(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
            var l = v.Length;
            if (l > 0.1 && l <= 1)
            {
                return v / l;
            }
        }
    }

    /// <summary>A wave vector for an ellipsoid wobble with a wavelength between the two bounds (mm).</summary>
    internal static Vec3 RandomK(Random rng, double minWavelength, double maxWavelength) =>
        RandomDir(rng) * (2 * Math.PI / (minWavelength + (maxWavelength - minWavelength) * rng.NextDouble()));
}
