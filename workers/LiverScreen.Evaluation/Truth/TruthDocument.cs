namespace LiverScreen.Evaluation.Truth;

/// <summary>Phantom ground truth, format "liverscreen-truth/1" (docs/formats.md), written by `liverscreen synth`.</summary>
public sealed record TruthDocument(string Format, bool Synthetic, string? Preset, long? Seed, IReadOnlyList<TruthStudy> Studies)
{
    public const string ExpectedFormat = "liverscreen-truth/1";
}
