namespace LiverScreen.Imaging.Rendering;

/// <summary>An 8-bit RGB raster for figures: grayscale CT slices, coloured outlines, panels tiled into sheets.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major RGB bytes.</summary>
    public byte[] Pixels { get; }

    public void Set(int x, int y, (byte R, byte G, byte B) c)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            return;
        }

        var i = (y * Width + x) * 3;
        Pixels[i] = c.R;
        Pixels[i + 1] = c.G;
        Pixels[i + 2] = c.B;
    }

    /// <summary>Copies <paramref name="panel"/> with its top-left corner at (x, y), clipping at the edges.</summary>
    public void Paste(RgbImage panel, int x, int y)
    {
        ArgumentNullException.ThrowIfNull(panel);
        for (var py = 0; py < panel.Height; py++)
        {
            var ty = y + py;
            if ((uint)ty >= (uint)Height)
            {
                continue;
            }

            for (var px = 0; px < panel.Width; px++)
            {
                var tx = x + px;
                if ((uint)tx >= (uint)Width)
                {
                    continue;
                }

                var s = (py * panel.Width + px) * 3;
                var t = (ty * Width + tx) * 3;
                Pixels[t] = panel.Pixels[s];
                Pixels[t + 1] = panel.Pixels[s + 1];
                Pixels[t + 2] = panel.Pixels[s + 2];
            }
        }
    }

    public byte[] ToPng() => PngEncoder.Encode(Pixels, Width, Height, rgb: true);

    public void SavePng(string path) => File.WriteAllBytes(path, ToPng());
}
