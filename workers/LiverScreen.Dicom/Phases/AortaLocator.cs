using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Phases;

/// <summary>
/// Finds the abdominal aorta and a liver region in an axial HU volume and measures their mean HU.
/// Method, per sampled slice: body = HU above -300; vertebral body = cortical bone (HU above 450) near the body's left-right
/// centre in its posterior half; the aorta is the brightest 8 mm box (no bone inside) in a window 3-45 mm anterior to
/// the vertebra and 20 mm right to 35 mm left of its centre (the aorta lies anterior and slightly left of the spine).
/// Works without contrast too (then the brightest box is blood or muscle, 35-60 HU, which still reads as NC).
/// The liver value is the median soft-tissue HU (0-250) in the patient-right anterior body, at least 40 mm right of the spine.
/// The portal vein is not located (a known gap: its HU would help separate VP from DP).
/// </summary>
public static class AortaLocator
{
    /// <summary>Cortical bone threshold (HU): above an enhanced aorta (AP 250-350), so the aorta is never taken for the spine.</summary>
    public const short BoneHu = 450;

    public static ImagePhaseMeasurement? Measure(Volume<short> volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var g = volume.Geometry;
        var (nx, ny, nz) = (g.Size.X, g.Size.Y, g.Size.Z);
        // Signs map index steps to patient directions: +x (LPS) = patient left, +y = posterior.
        var sx = g.Direction.M00 >= 0 ? 1 : -1;
        var sy = g.Direction.M11 >= 0 ? 1 : -1;
        var mmX = g.Spacing.X;
        var mmY = g.Spacing.Y;
        var aortas = new List<double>();
        var livers = new List<double>();
        var samples = Math.Min(nz, 15);
        for (var s = 0; s < samples; s++)
        {
            // The middle 60% of the stack: away from the ends where the aorta may leave the field.
            var z = (int)Math.Round(nz * 0.2 + (nz * 0.6 - 1) * (samples == 1 ? 0.5 : s / (double)(samples - 1)));
            z = Math.Clamp(z, 0, nz - 1);
            var slice = volume.Slice(z);
            if (MeasureSlice(slice, nx, ny, mmX, mmY, sx, sy) is { } m)
            {
                aortas.Add(m.Aorta);
                if (m.Liver is { } l)
                {
                    livers.Add(l);
                }
            }
        }

        if (aortas.Count == 0)
        {
            return null;
        }

        return new ImagePhaseMeasurement(Median(aortas), livers.Count > 0 ? Median(livers) : null, aortas.Count);
    }

    private static (double Aorta, double? Liver)? MeasureSlice(ReadOnlySpan<short> s, int nx, int ny, double mmX, double mmY, int sx, int sy)
    {
        // Body extent.
        int x0 = nx, x1 = -1, y0 = ny, y1 = -1;
        for (var y = 0; y < ny; y++)
        {
            var row = s.Slice(y * nx, nx);
            for (var x = 0; x < nx; x++)
            {
                if (row[x] > -300)
                {
                    if (x < x0) x0 = x;
                    if (x > x1) x1 = x;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
            }
        }

        if (x1 - x0 < 20 / mmX || y1 - y0 < 20 / mmY)
        {
            return null;
        }

        var cx = (x0 + x1) / 2.0;
        var cy = (y0 + y1) / 2.0;
        var halfBand = 0.15 * (x1 - x0);

        // Vertebral body: bone near the midline in the posterior half (posterior = index direction sy).
        double bx = 0, by = 0;
        var count = 0;
        var anteriorEdge = double.MaxValue; // in "anterior-ness" units: smaller = more anterior
        for (var y = y0; y <= y1; y++)
        {
            if ((y - cy) * sy <= 0)
            {
                continue;
            }

            for (var x = (int)Math.Max(x0, cx - halfBand); x <= Math.Min(x1, cx + halfBand); x++)
            {
                if (s[y * nx + x] > BoneHu)
                {
                    bx += x;
                    by += y;
                    count++;
                    anteriorEdge = Math.Min(anteriorEdge, y * sy);
                }
            }
        }

        if (count * mmX * mmY < 100)
        {
            return null; // under 1 cm^2 of bone: no vertebra on this slice
        }

        var vx = bx / count;
        var edgeY = anteriorEdge * sy; // back to an index

        // Aorta search window in index space.
        var box = Math.Max(1, (int)Math.Round(8 / mmX));
        var boxY = Math.Max(1, (int)Math.Round(8 / mmY));
        var best = double.MinValue;
        var wy0 = edgeY - sy * 45 / mmY;
        var wy1 = edgeY - sy * 3 / mmY;
        var wx0 = vx - sx * 20 / mmX;
        var wx1 = vx + sx * 35 / mmX;
        var (ya, yb) = ((int)Math.Round(Math.Min(wy0, wy1)), (int)Math.Round(Math.Max(wy0, wy1)));
        var (xa, xb) = ((int)Math.Round(Math.Min(wx0, wx1)), (int)Math.Round(Math.Max(wx0, wx1)));
        ya = Math.Max(ya, 0);
        xa = Math.Max(xa, 0);
        yb = Math.Min(yb, ny - boxY);
        xb = Math.Min(xb, nx - box);
        for (var y = ya; y <= yb; y++)
        {
            for (var x = xa; x <= xb; x++)
            {
                double sum = 0;
                var ok = true;
                for (var dy = 0; dy < boxY && ok; dy++)
                {
                    var row = s.Slice((y + dy) * nx + x, box);
                    foreach (var v in row)
                    {
                        if (v > BoneHu || v < -200)
                        {
                            ok = false; // bone or air/fat edge: not a vessel lumen
                            break;
                        }

                        sum += v;
                    }
                }

                if (ok && sum / (box * boxY) > best)
                {
                    best = sum / (box * boxY);
                }
            }
        }

        if (best == double.MinValue)
        {
            return null;
        }

        // Liver: patient-right (opposite sx) and anterior of the vertebra, at least 40 mm right of the spine.
        var values = new List<short>();
        for (var y = y0; y <= y1; y++)
        {
            if ((y - edgeY) * sy >= 0)
            {
                continue;
            }

            for (var x = x0; x <= x1; x++)
            {
                if ((x - vx) * sx * mmX > -40)
                {
                    continue;
                }

                var v = s[y * nx + x];
                if (v is > 0 and < 250)
                {
                    values.Add(v);
                }
            }
        }

        double? liver = values.Count * mmX * mmY > 400 ? MedianShort(values) : null;
        return (best, liver);
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : 0.5 * (v[v.Count / 2 - 1] + v[v.Count / 2]);
    }

    private static double MedianShort(List<short> v)
    {
        v.Sort();
        return v[v.Count / 2];
    }
}
