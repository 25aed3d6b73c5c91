using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Phases;

/// <summary>
/// Finds the abdominal aorta and a liver region in an axial HU volume and measures their mean HU.
/// Method, per sampled slice: body = HU above -300; vertebral body = cortical bone (HU above 450) near the body's left-right
/// centre in its posterior half; the aorta is the brightest 8 mm box (no bone inside; box means averaged over the sampled slices) in a window 5-45 mm anterior to
/// the vertebra and 20 mm right to 35 mm left of its centre (the aorta lies anterior and slightly left of the spine).
/// Works without contrast too (then the brightest box is blood or muscle, 35-60 HU, which still reads as NC).
/// The liver value is the median soft-tissue HU (0-250) in the patient-right anterior body, at least 40 mm right of the spine.
/// The portal vein is not located (a known gap: its HU would help separate VP from DP).
/// </summary>
public static class AortaLocator
{
    /// <summary>Cortical bone threshold (HU): above an enhanced aorta (AP 250-350), so the aorta is never taken for the spine.</summary>
    public const short BoneHu = 450;

    /// <summary>Threshold (HU) for the vertebral body (cancellous bone 150-280 HU, cortex above) in the paramedian
    /// column: thin cortex (400-1000 HU per imaging-facts.md) is partial-volumed below the bone threshold on thick
    /// slices and coarse pixels, and no other tissue there (psoas, crura: muscle; IVC and aorta lie outside the
    /// column) exceeds it in any phase. Discs (70-95 HU) are bridged by the cross-slice front.</summary>
    public const short VertebralFrontHu = 150;

    /// <summary>Largest difference (HU) between the means of a box's opposite halves for it to count as a lumen. Noise
    /// (8-30 HU per voxel, spatially correlated) moves half-box means by well under this; an edge of bone, marrow or
    /// contrast-filled lumen against soft tissue moves them by 50 HU and more.</summary>
    public const double EdgeHu = 35;

    public static ImagePhaseMeasurement? Measure(Volume<short> volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var g = volume.Geometry;
        var (nx, ny, nz) = (g.Size.X, g.Size.Y, g.Size.Z);
        // Signs map index steps to patient directions: +x (LPS) = patient left, +y = posterior.
        var frame = new SliceFrame(nx, ny, g.Spacing.X, g.Spacing.Y, g.Direction.M00 >= 0 ? 1 : -1, g.Direction.M11 >= 0 ? 1 : -1);
        var samples = Math.Min(nz, 15);
        var spines = new List<(int Z, Spine Spine)>();
        for (var s = 0; s < samples; s++)
        {
            // The middle 60% of the stack: away from the ends where the aorta may leave the field.
            var z = (int)Math.Round(nz * 0.2 + (nz * 0.6 - 1) * (samples == 1 ? 0.5 : s / (double)(samples - 1)));
            z = Math.Clamp(z, 0, nz - 1);
            if (FindSpine(volume.Slice(z), frame) is { } spine)
            {
                spines.Add((z, spine));
            }
        }

        if (spines.Count == 0)
        {
            return null;
        }

        // The spine is nearly straight over the sampled slab, but on disc levels (no bone in front) or where the
        // vertebral cortex is too faint the slice's own front falls back to the neural arch, which would put the
        // search window over marrow (150-280 HU) or disc (70-95 HU). So the window is placed once for the series, in
        // front of the study's 25th-percentile front (in anterior-ness) and the median vertebra centre.
        var fronts = spines.Select(p => p.Spine.FrontY * frame.Sy).Order().ToList();
        var studyFront = fronts[(fronts.Count - 1) / 4];
        var window = Window(frame, Median(spines.Select(p => p.Spine.Vx).ToList()), studyFront * frame.Sy);
        if (window.Width <= 0 || window.Height <= 0)
        {
            return null;
        }

        // The aorta is a vertical tube at nearly the same (x, y) on every slice, so box means are averaged over the
        // slices before taking the brightest position: the maximum of single-slice boxes is biased upwards by noise
        // (8-30 HU per voxel) by enough to push unenhanced blood (35-45 HU) over the NC/DP boundary (80 HU).
        var maps = new List<double[]>();
        var livers = new List<double>();
        foreach (var (z, spine) in spines)
        {
            var slice = volume.Slice(z);
            maps.Add(BoxMeans(slice, frame, window));
            var front = Math.Min(spine.FrontY * frame.Sy, studyFront) * frame.Sy;
            if (LiverHu(slice, frame, spine with { FrontY = front }) is { } l)
            {
                livers.Add(l);
            }
        }

        var bestAt = -1;
        var best = double.MinValue;
        for (var i = 0; i < window.Width * window.Height; i++)
        {
            double sum = 0;
            var n = 0;
            foreach (var m in maps)
            {
                if (!double.IsNaN(m[i]))
                {
                    sum += m[i];
                    n++;
                }
            }

            if (2 * n >= maps.Count && sum / n > best)
            {
                best = sum / n;
                bestAt = i;
            }
        }

        if (bestAt < 0)
        {
            return null;
        }

        var aortas = maps.Select(m => m[bestAt]).Where(v => !double.IsNaN(v)).ToList();
        return new ImagePhaseMeasurement(Median(aortas), livers.Count > 0 ? Median(livers) : null, aortas.Count);
    }

    /// <summary>Aorta search window (box corners, indices): 5-45 mm anterior to the vertebral front (the aorta lies on
    /// the spine, 1-5 mm off it, 18-26 mm wide, so an 8 mm box from 5 mm still fits in it while staying clear of the
    /// partial-volumed cortex), 20 mm patient-right to 35 mm patient-left of the vertebra centre.</summary>
    private static BoxWindow Window(SliceFrame f, double vx, double frontY)
    {
        var box = Math.Max(1, (int)Math.Round(8 / f.MmX));
        var boxY = Math.Max(1, (int)Math.Round(8 / f.MmY));
        var wy0 = frontY - f.Sy * 45 / f.MmY;
        var wy1 = frontY - f.Sy * 5 / f.MmY;
        var wx0 = vx - f.Sx * 20 / f.MmX;
        var wx1 = vx + f.Sx * 35 / f.MmX;
        var ya = Math.Max((int)Math.Round(Math.Min(wy0, wy1)), 0);
        var yb = Math.Min((int)Math.Round(Math.Max(wy0, wy1)), f.Ny - boxY);
        var xa = Math.Max((int)Math.Round(Math.Min(wx0, wx1)), 0);
        var xb = Math.Min((int)Math.Round(Math.Max(wx0, wx1)), f.Nx - box);
        return new BoxWindow(xa, ya, xb - xa + 1, yb - ya + 1, box, boxY);
    }

    /// <summary>Mean HU of the box at each window position; NaN where the box holds bone or air/fat edge (no lumen), or
    /// where it straddles an edge: the means of its halves (top/bottom, left/right) differ by more than
    /// <see cref="EdgeHu"/>. A lumen is homogeneous; a box on the partial-volumed front of the vertebral body (marrow
    /// 150-280 HU beside 40-60 HU soft tissue) or on a calcified plaque is not, and without this check such a box is
    /// the brightest one in an unenhanced series and reads NC as DP (80-140 HU).</summary>
    /// <remarks>Every quantity is a rectangle sum, so it comes from summed-area tables of the window's footprint in
    /// O(1) per position: exact integer sums, hence the same values as summing the box voxel by voxel (which took
    /// about 60% of the ingest stage's time on a 4-phase 512 x 512 study, 23 Nov 2026).</remarks>
    internal static double[] BoxMeans(ReadOnlySpan<short> s, SliceFrame f, BoxWindow w)
    {
        var map = new double[w.Width * w.Height];
        var hy = w.BoxY / 2;
        var hx = w.BoxX / 2;
        // Tables over the footprint (all window positions plus the box), one extra row and column of zeros:
        // sum[(y + 1) * stride + x + 1] = sum of HU over [0, x] x [0, y]; bad likewise counts voxels that are no lumen.
        var fw = w.Width + w.BoxX - 1;
        var fh = w.Height + w.BoxY - 1;
        var stride = fw + 1;
        var sum = new long[stride * (fh + 1)];
        var bad = new long[stride * (fh + 1)];
        for (var y = 0; y < fh; y++)
        {
            var row = s.Slice((w.Y + y) * f.Nx + w.X, fw);
            long rowSum = 0, rowBad = 0;
            for (var x = 0; x < fw; x++)
            {
                var v = row[x];
                rowSum += v;
                rowBad += v > BoneHu || v < -200 ? 1 : 0;
                sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rowSum;
                bad[(y + 1) * stride + x + 1] = bad[y * stride + x + 1] + rowBad;
            }
        }

        // Sum of a table's values over [x0, x1) x [y0, y1) of the footprint.
        long Rect(long[] t, int x0, int y0, int x1, int y1) => t[y1 * stride + x1] - t[y0 * stride + x1] - t[y1 * stride + x0] + t[y0 * stride + x0];
        for (var j = 0; j < w.Height; j++)
        {
            for (var i = 0; i < w.Width; i++)
            {
                var (xe, ye) = (i + w.BoxX, j + w.BoxY);
                var ok = Rect(bad, i, j, xe, ye) == 0;
                if (ok && hy > 0 && hx > 0)
                {
                    double top = Rect(sum, i, j, xe, j + hy), bottom = Rect(sum, i, ye - hy, xe, ye);
                    double left = Rect(sum, i, j, i + hx, ye), right = Rect(sum, xe - hx, j, xe, ye);
                    var rowsHalf = hy * w.BoxX;
                    var colsHalf = hx * w.BoxY;
                    ok = Math.Abs(top - bottom) / rowsHalf <= EdgeHu && Math.Abs(left - right) / colsHalf <= EdgeHu;
                }

                map[j * w.Width + i] = ok ? (double)Rect(sum, i, j, xe, ye) / (w.BoxX * w.BoxY) : double.NaN;
            }
        }

        return map;
    }

    /// <summary>Body extent and the vertebra on one slice: its left-right centre from cortical bone near the midline
    /// (arch, spinous process, cortex), its anterior front from the paramedian column on the patient's right of it.</summary>
    private static Spine? FindSpine(ReadOnlySpan<short> s, SliceFrame f)
    {
        var (nx, ny, mmX, mmY, sx, sy) = (f.Nx, f.Ny, f.MmX, f.MmY, f.Sx, f.Sy);
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

        // Vertebra: bone near the midline in the posterior half (posterior = index direction sy).
        double bx = 0;
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
        // Paramedian column 4-8 mm to the patient's right of the centre: inside the vertebral body (radius 15-21 mm),
        // clear of the aorta (left of the midline) and the IVC (over 10 mm right).
        var ca = (int)Math.Round(vx - sx * 4 / mmX);
        var cb = (int)Math.Round(vx - sx * 8 / mmX);
        for (var y = y0; y <= y1; y++)
        {
            if ((y - cy) * sy <= 0)
            {
                continue;
            }

            for (var x = Math.Max(Math.Min(ca, cb), x0); x <= Math.Min(Math.Max(ca, cb), x1); x++)
            {
                if (s[y * nx + x] > VertebralFrontHu)
                {
                    anteriorEdge = Math.Min(anteriorEdge, y * sy);
                }
            }
        }

        return new Spine(x0, x1, y0, y1, vx, anteriorEdge * sy);
    }

    private static double? LiverHu(ReadOnlySpan<short> s, SliceFrame f, Spine spine)
    {
        var (nx, mmX, mmY, sx, sy) = (f.Nx, f.MmX, f.MmY, f.Sx, f.Sy);
        var (x0, x1, y0, y1, vx, edgeY) = spine;

        // Liver: patient-right (opposite sx) and anterior of the vertebra, at least 40 mm right of the spine.
        // The median of soft-tissue HU (1..249) from a histogram: the same value as sorting the voxels, without a list
        // of up to ~100k values per slice.
        Span<int> histogram = stackalloc int[250];
        histogram.Clear();
        var count = 0;
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
                    histogram[v]++;
                    count++;
                }
            }
        }

        return count * mmX * mmY > 400 ? HistogramMedian(histogram, count) : null;
    }

    /// <summary>The element at index count / 2 of the sorted values the histogram counts (the upper median).</summary>
    private static double HistogramMedian(ReadOnlySpan<int> histogram, int count)
    {
        var rank = count / 2;
        for (var v = 0; v < histogram.Length; v++)
        {
            rank -= histogram[v];
            if (rank < 0)
            {
                return v;
            }
        }

        throw new InvalidOperationException("histogram holds fewer values than its count");
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : 0.5 * (v[v.Count / 2 - 1] + v[v.Count / 2]);
    }

    /// <summary>Slice size, spacing (mm) and index-to-patient signs (+1: +x is patient left / +y is posterior).</summary>
    internal readonly record struct SliceFrame(int Nx, int Ny, double MmX, double MmY, int Sx, int Sy);

    /// <summary>Top-left box corner of the first window position, the number of positions, and the box size (indices).</summary>
    internal readonly record struct BoxWindow(int X, int Y, int Width, int Height, int BoxX, int BoxY);

    /// <summary>Body bounding box (indices), vertebra centre x and anterior front y (indices) on one slice.</summary>
    private readonly record struct Spine(int X0, int X1, int Y0, int Y1, double Vx, double FrontY);
}
