namespace LiverScreen.Inference.Cards;

/// <summary>
/// Intensity normalisation of CT channels. "window": clip HU to [MinHu, MaxHu], then map linearly to [-1, 1]
/// (so -1 is air / anything at or below MinHu); a missing phase's channel is 0.
/// </summary>
public sealed record ModelCardNormalization
{
    public const string Window = "window";

    public string Kind { get; init; } = string.Empty;

    public double MinHu { get; init; }

    public double MaxHu { get; init; }

    /// <summary>Normalised value of <paramref name="hu"/> (window kind).</summary>
    public float Apply(float hu)
    {
        var min = (float)MinHu;
        var max = (float)MaxHu;
        var clipped = hu < min ? min : hu > max ? max : hu;
        return (2f * (clipped - min) / (max - min)) - 1f;
    }
}
