namespace LiverScreen.Inference.Cards;

/// <summary>One input or output as the card declares it: name, numpy dtype name, shape with -1 for dynamic axes.</summary>
public sealed record ModelCardTensor
{
    public string Name { get; init; } = string.Empty;

    public string Dtype { get; init; } = string.Empty;

    public IReadOnlyList<long> Shape { get; init; } = [];

    public override string ToString() => $"{Name}: {Dtype} [{string.Join(", ", Shape)}]";
}
