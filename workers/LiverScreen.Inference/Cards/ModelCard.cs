using System.Text.Json.Serialization;
using LiverScreen.Contracts;

namespace LiverScreen.Inference.Cards;

/// <summary>
/// <c>models/&lt;name&gt;/model.json</c>, format "liverscreen-model-card/1" (docs/formats.md; JSON schema in
/// models/model-card.schema.json). Read with <see cref="ModelCards.Load"/>, which also validates it.
/// </summary>
public sealed record ModelCard
{
    public const string FormatV1 = "liverscreen-model-card/1";

    public string Format { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    /// <summary>Lower-case hex SHA-256 of model.onnx.</summary>
    public string Sha256 { get; init; } = string.Empty;

    /// <summary>"segmentation" or "reclassification".</summary>
    public string Task { get; init; } = string.Empty;

    /// <summary>True when trained on synthetic phantoms: not for clinical use.</summary>
    public bool Synthetic { get; init; }

    public IReadOnlyList<ModelCardTensor> Inputs { get; init; } = [];

    public IReadOnlyList<ModelCardTensor> Outputs { get; init; } = [];

    public string AxisOrder { get; init; } = string.Empty;

    /// <summary>Which phase (or presence flag) goes in which input channel, e.g. NC, AP, VP, DP, NC_present, ...</summary>
    public IReadOnlyList<string> Channels { get; init; } = [];

    /// <summary>x, y, z in mm: the grid the model expects its input on.</summary>
    public IReadOnlyList<double> WorkingSpacingMm { get; init; } = [];

    public ModelCardNormalization Normalization { get; init; } = new();

    /// <summary>Output class names in channel order (class index = output channel).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>z, y, x voxels of one sliding-window tile (or one reclassifier patch).</summary>
    public IReadOnlyList<int> PatchSize { get; init; } = [];

    /// <summary>Fraction of a tile shared with its neighbour along each axis, in [0, 1).</summary>
    public double Overlap { get; init; }

    public ModelCardMetrics? Metrics { get; init; }

    public ModelCardTraining? Training { get; init; }

    /// <summary>"Which model produced this result", for the stage messages.</summary>
    [JsonIgnore]
    public ModelRef Ref => new(Name, Version, Sha256);

    /// <summary>The parsed <see cref="Channels"/> (valid after <see cref="ModelCards.Validate"/> found no problem).</summary>
    [JsonIgnore]
    public IReadOnlyList<ChannelSpec> ChannelSpecs =>
        Channels.Select(c => ChannelSpec.TryParse(c, out var s) ? s : throw new InvalidOperationException($"Unknown channel '{c}'.")).ToArray();
}
