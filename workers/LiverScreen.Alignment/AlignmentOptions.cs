using LiverScreen.Imaging;

namespace LiverScreen.Alignment;

/// <summary>Settings of the alignment stage.</summary>
public sealed record AlignmentOptions
{
    public RegistrationOptions Registration { get; init; } = new();

    /// <summary>Output spacing (mm, x y z) of the common grid, e.g. the model's working spacing 1.5 x 1.5 x 5;
    /// null keeps the reference series' own grid.</summary>
    public Vec3? OutputSpacingMm { get; init; }
}
