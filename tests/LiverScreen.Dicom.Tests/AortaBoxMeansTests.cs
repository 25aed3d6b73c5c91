using LiverScreen.Dicom.Phases;

namespace LiverScreen.Dicom.Tests;

/// <summary>The aorta finder's box means come from summed-area tables; they must equal summing each box voxel by voxel
/// (the oracle below is the earlier implementation), NaNs (bone, air, edges) included.</summary>
public sealed class AortaBoxMeansTests
{
    [Theory]
    [InlineData(1, 12, 12)]
    [InlineData(2, 12, 12)]
    [InlineData(3, 5, 7)]
    [InlineData(4, 1, 1)]
    public void Box_means_equal_the_voxel_by_voxel_sums(int seed, int boxX, int boxY)
    {
        const int Nx = 96, Ny = 80;
        var random = new Random(seed);
        // Soft tissue with noise, a bright lumen, a bone block and a patch of fat/air: every branch of the box test.
        var slice = new short[Nx * Ny];
        for (var y = 0; y < Ny; y++)
        {
            for (var x = 0; x < Nx; x++)
            {
                short v = (short)(50 + random.Next(-30, 31));
                if ((x - 40) * (x - 40) + (y - 30) * (y - 30) < 100) v = (short)(300 + random.Next(-20, 21));
                if (x > 70 && y > 50) v = 900;
                if (x < 12 && y < 15) v = -600;
                if (x == 55 && y > 20) v = 220; // a thin bright edge: fails the halves test
                slice[y * Nx + x] = v;
            }
        }

        var frame = new AortaLocator.SliceFrame(Nx, Ny, 0.7, 0.7, 1, 1);
        var window = new AortaLocator.BoxWindow(3, 4, Nx - boxX - 5, Ny - boxY - 6, boxX, boxY);

        var fast = AortaLocator.BoxMeans(slice, frame, window);
        var oracle = Oracle(slice, Nx, window);

        Assert.Equal(oracle, fast);
        Assert.Contains(fast, double.IsNaN);
        Assert.Contains(fast, v => !double.IsNaN(v));
    }

    private static double[] Oracle(short[] s, int nx, AortaLocator.BoxWindow w)
    {
        var map = new double[w.Width * w.Height];
        var hy = w.BoxY / 2;
        var hx = w.BoxX / 2;
        for (var j = 0; j < w.Height; j++)
        {
            for (var i = 0; i < w.Width; i++)
            {
                double top = 0, bottom = 0, left = 0, right = 0, all = 0;
                var ok = true;
                for (var dy = 0; dy < w.BoxY; dy++)
                {
                    for (var dx = 0; dx < w.BoxX; dx++)
                    {
                        var v = s[(w.Y + j + dy) * nx + w.X + i + dx];
                        ok &= v <= AortaLocator.BoneHu && v >= -200;
                        all += v;
                        if (dy < hy) top += v; else if (dy >= w.BoxY - hy) bottom += v;
                        if (dx < hx) left += v; else if (dx >= w.BoxX - hx) right += v;
                    }
                }

                if (ok && hy > 0 && hx > 0)
                {
                    ok = Math.Abs(top - bottom) / (hy * w.BoxX) <= AortaLocator.EdgeHu && Math.Abs(left - right) / (hx * w.BoxY) <= AortaLocator.EdgeHu;
                }

                map[j * w.Width + i] = ok ? all / (w.BoxX * w.BoxY) : double.NaN;
            }
        }

        return map;
    }
}
