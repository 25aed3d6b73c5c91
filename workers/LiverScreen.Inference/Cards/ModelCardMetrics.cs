using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiverScreen.Inference.Cards;

/// <summary>What the model was validated with. Synthetic-phantom numbers: never a claim of clinical performance.</summary>
public sealed record ModelCardMetrics
{
    public string? Cohort { get; init; }

    public double? LiverDice { get; init; }

    public IReadOnlyDictionary<string, double>? LesionDice { get; init; }

    public double? LesionRecall { get; init; }

    public double? LesionPrecision { get; init; }

    /// <summary>Any further metrics the training recipe recorded, kept as written.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
