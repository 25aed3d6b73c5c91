namespace LiverScreen.Inference.Volumes;

/// <summary>
/// nnU-Net's Gaussian importance map: a tile's predictions count most at its centre, where the network saw the most
/// context, and fade towards its borders. w(z, y, x) = g_z(z) g_y(y) g_x(x), g_a(i) = exp(-(i - c_a)^2 / (2 sigma_a^2)),
/// c_a = patch_a / 2, sigma_a = patch_a / 8; scaled to a maximum of 1 and kept above a floor so that border voxels
/// covered by one tile only still get a finite average.
/// </summary>
public static class GaussianImportance
{
    public const float Floor = 1e-6f;

    public static float[] Create(int pz, int py, int px)
    {
        var gz = Axis(pz);
        var gy = Axis(py);
        var gx = Axis(px);
        var w = new float[pz * py * px];
        var i = 0;
        for (var z = 0; z < pz; z++)
        {
            for (var y = 0; y < py; y++)
            {
                var zy = gz[z] * gy[y];
                for (var x = 0; x < px; x++)
                {
                    w[i++] = (float)Math.Max(Floor, zy * gx[x]);
                }
            }
        }

        return w;
    }

    private static double[] Axis(int n)
    {
        var sigma = n / 8.0;
        var centre = n / 2;
        var g = new double[n];
        for (var i = 0; i < n; i++)
        {
            var d = i - centre;
            g[i] = Math.Exp(-(d * d) / (2 * sigma * sigma));
        }

        return g;
    }
}
