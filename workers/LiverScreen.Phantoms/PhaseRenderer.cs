using System.Diagnostics;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Phantoms.Anatomy;

namespace LiverScreen.Phantoms;

/// <summary>
/// Renders a phase of a <see cref="PhantomStudy"/> by evaluating the analytic body at each voxel: slice-profile
/// averaging over sub-slices in z (partial volume), then correlated noise and in-plane blur (the reconstruction
/// kernel). Parallel over slices; deterministic because all randomness is pre-drawn from the study seed.
/// </summary>
public static class PhaseRenderer
{
    /// <summary>Lattice step (voxels) along a row at which body points are computed exactly; linear in between.
    /// The motion is smooth on this scale (bump sigmas of 35 mm and more).</summary>
    private const int LatticeStep = 16;

    /// <summary>The phase as acquired on its own grid: each voxel shows the reference anatomy at the inverse motion.</summary>
    /// <param name="timings">Optional: accumulates where the time goes (the benchmark's profile).</param>
    public static RenderedPhase Acquired(PhantomStudy study, Phase phase, RenderTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        var p = study.PhaseOf(phase);
        var noise = p.NoiseHu;
        return Render(study, p, p.Grid, aligned: false, SubSamples(p.SliceThicknessMm), noise, p.BlurMm, timings);
    }

    /// <summary>The phase on a reference-space grid, as perfect registration with the truth motion would give it
    /// (used by the training export, which must not need DICOM round trips). Voxels whose moved position lies outside
    /// the acquired slab are -1024 HU, like a resampler's outside value. Noise is lowered as averaging would.</summary>
    public static RenderedPhase Aligned(PhantomStudy study, Phase phase, VolumeGeometry referenceGrid, RenderTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(referenceGrid);
        var p = study.PhaseOf(phase);
        var ratio = p.Grid.VoxelVolumeMm3 / referenceGrid.VoxelVolumeMm3;
        var rng = new Random(PhantomSampler.StudySeed(study.Seed, study.Index) ^ (int)phase);
        // Interpolating to a coarser grid averages some but not all of the noise: keep between sqrt(ratio) and 1.
        var factor = Math.Clamp(Math.Sqrt(ratio) + (1 - Math.Sqrt(ratio)) * rng.NextDouble() * 0.5, 0.3, 1);
        return Render(study, p, referenceGrid, aligned: true, SubSamples(referenceGrid.Spacing.Z), p.NoiseHu * factor, p.BlurMm, timings);
    }

    private static int SubSamples(double thicknessMm) => thicknessMm > 1.6 ? 3 : 1;

    private static RenderedPhase Render(PhantomStudy study, PhantomPhase phase, VolumeGeometry grid, bool aligned, int sub, double noiseHu, double blurMm,
        RenderTimings? timings)
    {
        var start = Stopwatch.GetTimestamp();
        var body = study.Body;
        var look = study.Looks[phase.Phase];
        var motion = phase.Motion;
        var size = grid.Size;
        var hu = new Volume<float>(grid);
        var labels = new Volume<byte>(grid);
        var instances = new Volume<byte>(grid);
        var kernel = Gaussian(blurMm / grid.Spacing.X);
        var kernelNoiseGain = kernel.Sum(w => w * w);           // SD of white noise after the separable 2D blur
        var noise = NoiseBank.Create(PhantomSampler.StudySeed(study.Seed, study.Index) * 31 + (int)phase.Phase + (aligned ? 7 : 0), size.X, size.Y);
        var preBlurNoise = (float)(noiseHu / kernelNoiseGain);
        var thickness = grid.Spacing.Z;
        var phaseGrid = phase.Grid;
        var lattice = (size.X + LatticeStep - 1) / LatticeStep + 1;
        var centerSub = sub / 2;

        var latticeY = (size.Y + LatticeStep - 1) / LatticeStep + 1;
        timings?.Lap(RenderTimings.Section.Setup, start);
        Parallel.For(0, size.Z, () => new SliceScratch(size.X, size.Y, sub, lattice, latticeY), (z, state, s) =>
        {
            var lap = Stopwatch.GetTimestamp();
            var slice = hu.Slice(z);
            // Body points (exact inverse motion) on a coarse 2D lattice of this slice for each sub-slice.
            for (var k = 0; k < sub; k++)
            {
                var dz = ((k + 0.5) / sub - 0.5) * thickness;
                for (var jy = 0; jy < latticeY; jy++)
                {
                    var y = Math.Min(jy * LatticeStep, size.Y - 1);
                    for (var j = 0; j < lattice; j++)
                    {
                        var x = Math.Min(j * LatticeStep, size.X - 1);
                        var q = grid.IndexToLps(x, y, z) + new Vec3(0, 0, dz);
                        Vec3 p;
                        var covered = true;
                        if (aligned)
                        {
                            p = q;
                            var moved = phaseGrid.LpsToIndex(motion.Apply(q));
                            covered = moved.Z >= -0.5 && moved.Z <= phaseGrid.Size.Z - 0.5;
                        }
                        else
                        {
                            p = motion.ApplyInverse(q);
                        }

                        var i = (k * latticeY + jy) * lattice + j;
                        s.GridPoints[i] = p;
                        s.GridDeformed[i] = body.Deform(p);
                        s.GridCovered[i] = covered;
                    }
                }
            }

            lap = timings?.Lap(RenderTimings.Section.Lattice, lap) ?? lap;

            // Off-centre sub-slices (the slice profile) at half in-plane resolution: they only add partial volume
            // along z, which the in-plane blur smooths anyway; the centre sub-slice is evaluated at every voxel.
            var hx = (size.X + 1) / 2 + 1;
            var hy = (size.Y + 1) / 2 + 1;
            for (var k = 0; k < sub; k++)
            {
                if (k == centerSub)
                {
                    continue;
                }

                var half = s.Half[k];
                for (var yy = 0; yy < hy; yy++)
                {
                    var y = Math.Min(2 * yy, size.Y - 1);
                    RowPoints(s, k, y, size, lattice, latticeY, body);
                    for (var xx = 0; xx < hx; xx++)
                    {
                        var x = Math.Min(2 * xx, size.X - 1);
                        half[yy * hx + xx] = Sample(s, k, x, size.X, lattice, body, look, out _, out _);
                    }
                }
            }

            lap = timings?.Lap(RenderTimings.Section.OffCentre, lap) ?? lap;
            for (var y = 0; y < size.Y; y++)
            {
                RowPoints(s, centerSub, y, size, lattice, latticeY, body);
                var rowStart = labels.Index(0, y, z);
                var yy = y / 2;
                var fy = (y & 1) * 0.5f;
                for (var x = 0; x < size.X; x++)
                {
                    var sum = Sample(s, centerSub, x, size.X, lattice, body, look, out var label, out var instance);
                    labels.Data[rowStart + x] = label;
                    instances.Data[rowStart + x] = instance;
                    var xx = x / 2;
                    var fx = (x & 1) * 0.5f;
                    for (var k = 0; k < sub; k++)
                    {
                        if (k == centerSub)
                        {
                            continue;
                        }

                        var h = s.Half[k];
                        var i = yy * hx + xx;
                        var top = h[i] + (h[i + 1] - h[i]) * fx;
                        var bottom = h[i + hx] + (h[i + hx + 1] - h[i + hx]) * fx;
                        sum += top + (bottom - top) * fy;
                    }

                    slice[y * size.X + x] = sum / sub;
                }
            }

            lap = timings?.Lap(RenderTimings.Section.Centre, lap) ?? lap;
            noise.AddTo(slice, z, preBlurNoise);
            Blur(slice, size.X, size.Y, kernel, s.Blur);
            for (var i = 0; i < slice.Length; i++)
            {
                slice[i] = Math.Clamp(slice[i], -1024f, 3071f);
            }

            timings?.Lap(RenderTimings.Section.NoiseBlur, lap);

            return s;
        }, _ => { });

        return new RenderedPhase(hu, labels, instances);
    }

    /// <summary>Interpolates sub-slice <paramref name="k"/>'s lattice points for row <paramref name="y"/> and culls the
    /// shapes to the row's box.</summary>
    private static void RowPoints(SliceScratch s, int k, int y, Size3 size, int lattice, int latticeY, BodyModel body)
    {
        var jy = y / LatticeStep;
        var y0 = jy * LatticeStep;
        var y1 = Math.Min(y0 + LatticeStep, size.Y - 1);
        var fy = y1 > y0 ? (double)(y - y0) / (y1 - y0) : 0;
        var min = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var max = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        for (var j = 0; j < lattice; j++)
        {
            var i0 = (k * latticeY + jy) * lattice + j;
            var i1 = Math.Min(i0 + lattice, (k * latticeY + latticeY - 1) * lattice + j);
            var p = s.GridPoints[i0] + (s.GridPoints[i1] - s.GridPoints[i0]) * fy;
            s.Points[j] = p;
            s.Deformed[j] = s.GridDeformed[i0] + (s.GridDeformed[i1] - s.GridDeformed[i0]) * fy;
            s.Covered[j] = s.GridCovered[i0] && s.GridCovered[i1];
            min = new Vec3(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
            max = new Vec3(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
        }

        s.Active.Reset(body, min, max);
    }

    /// <summary>HU at column <paramref name="x"/> of the current row (set up by <see cref="RowPoints"/>).</summary>
    private static float Sample(SliceScratch s, int k, int x, int nx, int lattice, BodyModel body, PhaseLook look, out byte label, out byte instance)
    {
        _ = k;
        _ = lattice;
        var j = x / LatticeStep;
        var x0 = j * LatticeStep;
        var x1 = Math.Min(x0 + LatticeStep, nx - 1);
        var f = x1 > x0 ? (double)(x - x0) / (x1 - x0) : 0;
        var a = s.Points[j];
        var p = a + (s.Points[j + 1] - a) * f;
        var da = s.Deformed[j];
        var d = da + (s.Deformed[j + 1] - da) * f;
        var v = body.Evaluate(p, d, look, s.Active, out label, out instance);
        return s.Covered[j] ? v : -1024f;
    }

    private static float[] Gaussian(double sigmaVoxels)
    {
        sigmaVoxels = Math.Max(sigmaVoxels, 0.3);
        var r = Math.Max(1, (int)Math.Ceiling(2.5 * sigmaVoxels));
        var w = new float[2 * r + 1];
        var sum = 0.0;
        for (var i = -r; i <= r; i++)
        {
            var v = Math.Exp(-i * i / (2 * sigmaVoxels * sigmaVoxels));
            w[i + r] = (float)v;
            sum += v;
        }

        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (float)(w[i] / sum);
        }

        return w;
    }

    /// <summary>Separable blur with clamped borders (clamping only in the border strips).</summary>
    private static void Blur(Span<float> slice, int nx, int ny, float[] kernel, float[] tmp)
    {
        var r = kernel.Length / 2;
        for (var y = 0; y < ny; y++)
        {
            var row = slice.Slice(y * nx, nx);
            var o = tmp.AsSpan(y * nx, nx);
            for (var x = 0; x < nx; x++)
            {
                var acc = 0f;
                if (x >= r && x < nx - r)
                {
                    for (var k = 0; k < kernel.Length; k++)
                    {
                        acc += kernel[k] * row[x - r + k];
                    }
                }
                else
                {
                    for (var k = -r; k <= r; k++)
                    {
                        acc += kernel[k + r] * row[Math.Clamp(x + k, 0, nx - 1)];
                    }
                }

                o[x] = acc;
            }
        }

        for (var y = 0; y < ny; y++)
        {
            var o = slice.Slice(y * nx, nx);
            o.Clear();
            for (var k = -r; k <= r; k++)
            {
                var src = tmp.AsSpan(Math.Clamp(y + k, 0, ny - 1) * nx, nx);
                var w = kernel[k + r];
                for (var x = 0; x < nx; x++)
                {
                    o[x] += w * src[x];
                }
            }
        }
    }

    private sealed class SliceScratch(int nx, int ny, int sub, int lattice, int latticeY)
    {
        public Vec3[] GridPoints { get; } = new Vec3[sub * lattice * latticeY];
        public Vec3[] GridDeformed { get; } = new Vec3[sub * lattice * latticeY];
        public bool[] GridCovered { get; } = new bool[sub * lattice * latticeY];
        public Vec3[] Points { get; } = new Vec3[lattice];
        public Vec3[] Deformed { get; } = new Vec3[lattice];
        public bool[] Covered { get; } = new bool[lattice];
        public float[][] Half { get; } = [.. Enumerable.Range(0, sub).Select(_ => new float[((nx + 1) / 2 + 2) * ((ny + 1) / 2 + 2)])];
        public ActiveShapes Active { get; } = new();
        public float[] Blur { get; } = new float[nx * ny];
    }
}
