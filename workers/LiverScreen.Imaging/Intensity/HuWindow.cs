namespace LiverScreen.Imaging.Intensity;

/// <summary>
/// A display/analysis window in HU: <see cref="Center"/> (level) and <see cref="Width"/>, as in DICOM WindowCenter/Width
/// but with the plain linear mapping [center - width/2, center + width/2] -> [0, 1].
/// </summary>
public readonly record struct HuWindow(double Center, double Width)
{
    /// <summary>Liver/abdomen soft tissue (C 60, W 400): -140..260 HU.</summary>
    public static HuWindow Abdomen => new(60, 400);

    /// <summary>Narrow liver window (C 80, W 150) where small density differences between lesion and liver matter.</summary>
    public static HuWindow Liver => new(80, 150);

    /// <summary>Bone (C 400, W 1800).</summary>
    public static HuWindow Bone => new(400, 1800);

    public double Lower => Center - Width / 2;

    public double Upper => Center + Width / 2;

    /// <summary>Maps HU to [0, 1], clamping outside the window.</summary>
    public float Map(short hu) => (float)Math.Clamp((hu - Lower) / Width, 0, 1);

    /// <summary>Maps HU to [0, 1] into <paramref name="destination"/> (same length).</summary>
    public void Map(ReadOnlySpan<short> hu, Span<float> destination)
    {
        if (destination.Length < hu.Length)
        {
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));
        }

        var lower = (float)Lower;
        var inv = (float)(1 / Width);
        for (var i = 0; i < hu.Length; i++)
        {
            destination[i] = Math.Clamp((hu[i] - lower) * inv, 0f, 1f);
        }
    }

    /// <summary>Maps HU to 0..255 grey levels (for pictures).</summary>
    public void MapToBytes(ReadOnlySpan<short> hu, Span<byte> destination)
    {
        if (destination.Length < hu.Length)
        {
            throw new ArgumentException("Destination is shorter than the source.", nameof(destination));
        }

        var lower = Lower;
        var width = Width;
        for (var i = 0; i < hu.Length; i++)
        {
            // Multiply before dividing so the window centre lands exactly on 127.5 and rounds up to 128.
            destination[i] = (byte)Math.Clamp(Math.Round((hu[i] - lower) * 255 / width, MidpointRounding.AwayFromZero), 0, 255);
        }
    }
}
