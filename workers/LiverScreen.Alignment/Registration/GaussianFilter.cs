namespace LiverScreen.Alignment.Registration;

/// <summary>Separable Gaussian smoothing of a float volume, sigma given in mm per axis. Used before downsampling to
/// build the registration pyramid (anti-aliasing). Parallel over lines; each output line is written by one thread,
/// so the result is deterministic.</summary>
public static class GaussianFilter
{
    public static float[] Smooth(float[] data, Imaging.Size3 size, Imaging.Vec3 spacingMm, Imaging.Vec3 sigmaMm)
    {
        ArgumentNullException.ThrowIfNull(data);
        var a = (float[])data.Clone();
        var b = new float[a.Length];
        for (var axis = 0; axis < 3; axis++)
        {
            var sigmaVox = sigmaMm[axis] / spacingMm[axis];
            if (sigmaVox < 0.3)
            {
                continue; // below a third of a voxel the kernel is nearly a delta: skip the pass.
            }

            SmoothAxis(a, b, size, axis, Kernel(sigmaVox));
            (a, b) = (b, a);
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

    private static void SmoothAxis(float[] src, float[] dst, Imaging.Size3 size, int axis, float[] kernel)
    {
        var (nx, ny, nz) = (size.X, size.Y, size.Z);
        var n = axis switch { 0 => nx, 1 => ny, _ => nz };
        var stride = axis switch { 0 => 1, 1 => nx, _ => nx * ny };
        var lines = axis switch { 0 => ny * nz, 1 => nx * nz, _ => nx * ny };
        var radius = kernel.Length / 2;
        Parallel.For(0, lines, () => new float[n], (line, _, buffer) =>
        {
            int start = axis switch
            {
                0 => line * nx,
                1 => (line / nx) * nx * ny + (line % nx),
                _ => line,
            };
            for (var i = 0; i < n; i++)
            {
                buffer[i] = src[start + i * stride];
            }

            for (var i = 0; i < n; i++)
            {
                float acc = 0;
                for (var k = -radius; k <= radius; k++)
                {
                    // Clamp at the border (replicate edge voxels) so the body outline is not darkened at the FOV edge.
                    var j = Math.Clamp(i + k, 0, n - 1);
                    acc += kernel[k + radius] * buffer[j];
                }

                dst[start + i * stride] = acc;
            }

            return buffer;
        }, _ => { });
    }
}
