namespace LiverScreen.Imaging.Rendering;

/// <summary>Turns an axial slice into a picture: HU window to gray (abdominal window by default), nearest-neighbour
/// zoom, and label outlines in colour (a pixel is outline when a 4-neighbour has another membership).</summary>
public static class SliceRenderer
{
    /// <summary>Soft-tissue abdominal window: level 40 HU, width 400 HU.</summary>
    public const double DefaultLevel = 40;
    public const double DefaultWidth = 400;

    /// <summary>Renders z-slice <paramref name="z"/> of <paramref name="hu"/> (any numeric voxel type read as HU), zoomed
    /// by an integer <paramref name="zoom"/>.</summary>
    public static RgbImage Window(Volume<float> hu, int z, double level = DefaultLevel, double width = DefaultWidth, int zoom = 1)
    {
        ArgumentNullException.ThrowIfNull(hu);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(zoom);
        var s = hu.Size;
        var img = new RgbImage(s.X * zoom, s.Y * zoom);
        var lo = level - width / 2;
        var slice = hu.Slice(z);
        for (var y = 0; y < img.Height; y++)
        {
            for (var x = 0; x < img.Width; x++)
            {
                var v = slice[y / zoom * s.X + x / zoom];
                var g = (byte)Math.Clamp((v - lo) / width * 255.0, 0, 255);
                img.Set(x, y, (g, g, g));
            }
        }

        return img;
    }

    /// <summary>Draws the outline of the voxels of slice <paramref name="z"/> for which <paramref name="member"/> is true.</summary>
    public static void Outline(RgbImage image, Volume<byte> labels, int z, Func<byte, bool> member, (byte R, byte G, byte B) colour, int zoom = 1)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(member);
        var s = labels.Size;
        var data = labels.Data;
        var offset = z * s.SliceVoxels;
        bool In(int x, int y) => (uint)x < (uint)s.X && (uint)y < (uint)s.Y && member(data[offset + y * s.X + x]);
        for (var y = 0; y < s.Y; y++)
        {
            for (var x = 0; x < s.X; x++)
            {
                if (!In(x, y) || (In(x - 1, y) && In(x + 1, y) && In(x, y - 1) && In(x, y + 1)))
                {
                    continue;
                }

                for (var dy = 0; dy < zoom; dy++)
                {
                    for (var dx = 0; dx < zoom; dx++)
                    {
                        image.Set(x * zoom + dx, y * zoom + dy, colour);
                    }
                }
            }
        }
    }
}
