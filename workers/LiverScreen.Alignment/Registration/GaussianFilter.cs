using System.Numerics;
using System.Runtime.CompilerServices;

namespace LiverScreen.Alignment.Registration;

/// <summary>Separable Gaussian smoothing of a float volume, sigma given in mm per axis. Used before downsampling to
/// build the registration pyramid (anti-aliasing). Every pass runs SIMD across neighbouring x positions (each lane
/// sums its own taps in kernel order, so a lane gives exactly the scalar sum), parallel over lines; each output line
/// is written by one thread, so the result is deterministic.</summary>
public static class GaussianFilter
{
    public static float[] Smooth(float[] data, Imaging.Size3 size, Imaging.Vec3 spacingMm, Imaging.Vec3 sigmaMm) =>
        Smooth(data, size, spacingMm, sigmaMm, float.NegativeInfinity, float.PositiveInfinity, null);

    /// <summary>
    /// Clips <paramref name="data"/> to [<paramref name="clipMin"/>, <paramref name="clipMax"/>] (HU) and smooths it,
    /// computing only the rows (y) set in <paramref name="needY"/> (null: all) after the x pass. The pyramid's finest
    /// level reads the smoothed full-resolution volume at two rows per output row (fewer than half of a 512-row
    /// slice at 3 mm), so the other rows are never computed. Computed voxels get exactly the values of the full
    /// computation (same sums in the same order); the others are left unspecified.
    /// </summary>
    public static float[] Smooth(float[] data, Imaging.Size3 size, Imaging.Vec3 spacingMm, Imaging.Vec3 sigmaMm, float clipMin, float clipMax, bool[]? needY)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ys = needY is null ? [.. Enumerable.Range(0, size.Y)] : Enumerable.Range(0, size.Y).Where(i => needY[i]).ToArray();
        float[]? a = null;
        float[]? b = null;
        for (var axis = 0; axis < 3; axis++)
        {
            var sigmaVox = sigmaMm[axis] / spacingMm[axis];
            if (sigmaVox < 0.3)
            {
                continue; // below a third of a voxel the kernel is nearly a delta: skip the pass.
            }

            // The first pass reads the input through the clip; later passes read the previous pass's output.
            b ??= new float[data.Length];
            var clip = new Clip(a is null, clipMin, clipMax);
            if (axis == 0)
            {
                SmoothRows(a ?? data, clip, b, size, Kernel(sigmaVox));
            }
            else
            {
                SmoothAcross(a ?? data, clip, b, size, axis, Kernel(sigmaVox), ys);
            }

            (a, b) = (b, a);
        }

        if (a is null)
        {
            a = new float[data.Length];
            for (var i = 0; i < data.Length; i++)
            {
                a[i] = Math.Clamp(data[i], clipMin, clipMax);
            }
        }

        return a;
    }

    private static float[] Kernel(double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new float[2 * radius + 1];
        double sum = 0;
        for (var i = -radius; i <= radius; i++)
        {
            var w = Math.Exp(-0.5 * i * i / (sigma * sigma));
            k[i + radius] = (float)w;
            sum += w;
        }

        for (var i = 0; i < k.Length; i++)
        {
            k[i] = (float)(k[i] / sum);
        }

        return k;
    }

    /// <summary>The x pass, on every row: the row is copied into a buffer padded by the kernel radius with its edge
    /// voxels replicated (the border rule: the body outline is not darkened at the field-of-view edge), then each
    /// vector of outputs sums the taps in order.</summary>
    private static void SmoothRows(float[] src, Clip clip, float[] dst, Imaging.Size3 size, float[] kernel)
    {
        var n = size.X;
        var radius = kernel.Length / 2;
        var width = Vector<float>.Count;
        Parallel.For(0, size.Y * size.Z, () => new float[n + 2 * radius + width], (line, _, buffer) =>
        {
            SmoothRow(src.AsSpan(line * n, n), clip, dst.AsSpan(line * n, n), kernel, buffer);
            return buffer;
        }, _ => { });
    }

    // AggressiveOptimization: compiled optimised at once. The pyramid is built once per phase, so tiered compilation
    // would run the first study's smoothing as unoptimised code, where every Vector<float> operation is a call.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SmoothRow(ReadOnlySpan<float> input, Clip clip, Span<float> output, float[] kernel, float[] buffer)
    {
        var n = input.Length;
        var radius = kernel.Length / 2;
        var width = Vector<float>.Count;
        for (var i = 0; i < n; i++)
        {
            buffer[radius + i] = clip.Apply(input[i]);
        }

        buffer.AsSpan(0, radius).Fill(buffer[radius]);
        buffer.AsSpan(radius + n, radius).Fill(buffer[radius + n - 1]);
        var x = 0;
        for (; x + width <= n; x += width)
        {
            var acc = Vector<float>.Zero;
            for (var k = 0; k < kernel.Length; k++)
            {
                acc += new Vector<float>(kernel[k]) * new Vector<float>(buffer, x + k);
            }

            acc.CopyTo(output[x..]);
        }

        for (; x < n; x++)
        {
            float acc = 0;
            for (var k = 0; k < kernel.Length; k++)
            {
                acc += kernel[k] * buffer[x + k];
            }

            output[x] = acc;
        }
    }

    /// <summary>The y or z pass: for each output row (z, y) with y in <paramref name="ys"/>, sums whole source rows
    /// (clamped at the volume's edge), a vector of x positions at a time.</summary>
    private static void SmoothAcross(float[] src, Clip clip, float[] dst, Imaging.Size3 size, int axis, float[] kernel, int[] ys)
    {
        var (nx, ny, nz) = (size.X, size.Y, size.Z);
        var n = axis == 1 ? ny : nz;
        var radius = kernel.Length / 2;
        var width = Vector<float>.Count;
        var lo = new Vector<float>(clip.Min);
        var hi = new Vector<float>(clip.Max);
        Parallel.For(0, ys.Length * nz, line =>
        {
            var z = line / ys.Length;
            var y = ys[line % ys.Length];
            var (at, stride, first) = axis == 1 ? (y, nx, z * ny * nx) : (z, ny * nx, y * nx);
            SmoothAcrossLine(src, clip, dst.AsSpan((z * ny + y) * nx, nx), kernel, first, stride, at, n);
        });
    }

    /// <summary>One output row: source row j of the line sits at <paramref name="first"/> + j *
    /// <paramref name="stride"/>; <paramref name="at"/> is the output's position along the line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SmoothAcrossLine(float[] src, Clip clip, Span<float> output, float[] kernel, int first, int stride, int at, int n)
    {
        var nx = output.Length;
        var radius = kernel.Length / 2;
        var width = Vector<float>.Count;
        var lo = new Vector<float>(clip.Min);
        var hi = new Vector<float>(clip.Max);
        var x = 0;
        for (; x + width <= nx; x += width)
        {
            var acc = Vector<float>.Zero;
            for (var k = 0; k < kernel.Length; k++)
            {
                var v = new Vector<float>(src, first + Math.Clamp(at + k - radius, 0, n - 1) * stride + x);
                if (clip.Enabled)
                {
                    v = Vector.Min(Vector.Max(v, lo), hi);
                }

                acc += new Vector<float>(kernel[k]) * v;
            }

            acc.CopyTo(output[x..]);
        }

        for (; x < nx; x++)
        {
            float acc = 0;
            for (var k = 0; k < kernel.Length; k++)
            {
                acc += kernel[k] * clip.Apply(src[first + Math.Clamp(at + k - radius, 0, n - 1) * stride + x]);
            }

            output[x] = acc;
        }
    }

    private readonly record struct Clip(bool Enabled, float Min, float Max)
    {
        public float Apply(float v) => Enabled ? Math.Clamp(v, Min, Max) : v;
    }
}
