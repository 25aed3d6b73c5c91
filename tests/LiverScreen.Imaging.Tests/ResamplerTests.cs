using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Imaging.Tests;

public class ResamplerTests
{
    private static Volume<float> Ramp(Size3 size, Vec3 spacing)
    {
        var v = new Volume<float>(VolumeGeometry.Axial(size, spacing, new Vec3(-10, -20, -30)));
        for (var z = 0; z < size.Z; z++)
        {
            for (var y = 0; y < size.Y; y++)
            {
                for (var x = 0; x < size.X; x++)
                {
                    // Linear in patient coordinates, so trilinear interpolation reproduces it exactly inside the grid.
                    var p = v.Geometry.IndexToLps(x, y, z);
                    v[x, y, z] = (float)(2 * p.X - 3 * p.Y + 0.5 * p.Z);
                }
            }
        }

        return v;
    }

    [Fact]
    public void Resampling_onto_the_same_grid_is_the_identity()
    {
        var v = Ramp(new Size3(7, 6, 5), new Vec3(1, 1, 2));
        var r = Resampler.Linear(v, v.Geometry);
        Assert.Equal(v.Data, r.Data);
    }

    [Fact]
    public void Linear_field_is_reproduced_on_a_finer_grid()
    {
        var v = Ramp(new Size3(10, 10, 6), new Vec3(1, 1, 3));
        var target = Resampler.WithSpacing(v.Geometry, new Vec3(0.5, 0.5, 1));
        var r = Resampler.Linear(v, target, outside: float.NaN);
        for (var z = 1; z < target.Size.Z - 2; z++)
        {
            for (var y = 1; y < target.Size.Y - 2; y++)
            {
                for (var x = 1; x < target.Size.X - 2; x++)
                {
                    var p = target.IndexToLps(x, y, z);
                    Assert.Equal(2 * p.X - 3 * p.Y + 0.5 * p.Z, r[x, y, z], 3);
                }
            }
        }
    }

    [Fact]
    public void A_translation_moves_the_content_by_whole_voxels()
    {
        var v = Ramp(new Size3(8, 8, 8), new Vec3(1, 1, 1));
        var shifted = Resampler.Linear(v, v.Geometry, AffineTransform.Translate(new Vec3(2, 0, 0)), float.NaN);
        Assert.Equal(v[5, 3, 3], shifted[3, 3, 3]);
        Assert.True(float.IsNaN(shifted[7, 3, 3]));
    }

    [Fact]
    public void Nearest_keeps_label_values()
    {
        var labels = new Volume<byte>(VolumeGeometry.Axial(new Size3(4, 4, 4), new Vec3(2, 2, 2), Vec3.Zero));
        labels[1, 1, 1] = 7;
        var r = Resampler.Nearest(labels, Resampler.WithSpacing(labels.Geometry, new Vec3(1, 1, 1)));
        Assert.All(r.Data, b => Assert.True(b is 0 or 7));
        Assert.Contains((byte)7, r.Data);
    }

    [Fact]
    public void Affine_inverse_and_composition_round_trip_points()
    {
        var t = AffineTransform.Rigid(0.1, -0.05, 0.2, new Vec3(3, -4, 12), new Vec3(10, 20, 30));
        var p = new Vec3(-50, 17, 99);
        var back = t.Inverse().Apply(t.Apply(p));
        Assert.Equal(p.X, back.X, 9);
        Assert.Equal(p.Y, back.Y, 9);
        Assert.Equal(p.Z, back.Z, 9);
        var composed = t.Inverse().After(t);
        var q = composed.Apply(p);
        Assert.Equal(p.Z, q.Z, 9);
    }
}
