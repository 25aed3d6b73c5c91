using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace LiverScreen.Inference.Cards;

/// <summary>
/// Reads, validates and verifies model cards. <see cref="Validate"/> checks the card on its own;
/// <see cref="Verify"/> checks it against the model file (sha256) and the session ONNX Runtime built from it (input and
/// output names, dtypes, ranks and fixed dimensions). Pure apart from <see cref="Load"/> and <see cref="ComputeSha256"/>.
/// </summary>
public static class ModelCards
{
    public const string CardFileName = "model.json";
    public const string ModelFileName = "model.onnx";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
    };

    private static readonly HashSet<string> Tasks = ["segmentation", "reclassification"];

    /// <summary>Reads and validates a card; <see cref="ModelCardException"/> names the file and every problem.</summary>
    public static ModelCard Load(string cardPath)
    {
        ArgumentNullException.ThrowIfNull(cardPath);
        string json;
        try
        {
            json = File.ReadAllText(cardPath);
        }
        catch (IOException e)
        {
            throw new ModelCardException(cardPath, "cannot be read", [e.Message]);
        }

        return Parse(json, cardPath);
    }

    public static ModelCard Parse(string json, string source)
    {
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelCardException(source, "is not valid JSON for a model card", [e.Message]);
        }

        if (card is null)
        {
            throw new ModelCardException(source, "is empty", ["null document"]);
        }

        var problems = Validate(card);
        return problems.Count == 0 ? card : throw new ModelCardException(source, "is invalid", problems);
    }

    public static string Serialize(ModelCard card) => JsonSerializer.Serialize(card, JsonOptions);

    /// <summary>Problems with the card on its own (empty when valid).</summary>
    public static IReadOnlyList<string> Validate(ModelCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        var p = new List<string>();
        if (card.Format != ModelCard.FormatV1)
        {
            p.Add($"format is '{card.Format}', expected '{ModelCard.FormatV1}'");
        }

        if (string.IsNullOrWhiteSpace(card.Name))
        {
            p.Add("name is missing");
        }

        if (string.IsNullOrWhiteSpace(card.Version))
        {
            p.Add("version is missing");
        }

        if (card.Sha256.Length != 64 || !card.Sha256.All(char.IsAsciiHexDigit))
        {
            p.Add($"sha256 '{card.Sha256}' is not 64 hex digits");
        }

        if (!Tasks.Contains(card.Task))
        {
            p.Add($"task is '{card.Task}', expected segmentation or reclassification");
        }

        if (card.Inputs.Count != 1 || card.Outputs.Count < 1)
        {
            p.Add($"expected exactly one input and at least one output, found {card.Inputs.Count} and {card.Outputs.Count}");
        }

        foreach (var t in card.Inputs.Concat(card.Outputs))
        {
            if (string.IsNullOrWhiteSpace(t.Name) || string.IsNullOrWhiteSpace(t.Dtype))
            {
                p.Add($"tensor '{t.Name}' needs a name and a dtype");
            }

            if (t.Shape.Count != card.AxisOrder.Length)
            {
                p.Add($"tensor '{t.Name}' has rank {t.Shape.Count} but axisOrder '{card.AxisOrder}' has {card.AxisOrder.Length} axes");
            }

            if (t.Shape.Any(d => d < -1 || d == 0))
            {
                p.Add($"tensor '{t.Name}' shape [{string.Join(", ", t.Shape)}] has a dimension that is neither positive nor -1");
            }
        }

        if (card.AxisOrder != "NCZYX")
        {
            p.Add($"axisOrder is '{card.AxisOrder}', only NCZYX is supported");
        }

        var unknown = card.Channels.Where(c => !ChannelSpec.TryParse(c, out _)).ToList();
        if (card.Channels.Count == 0 || unknown.Count > 0)
        {
            p.Add(card.Channels.Count == 0
                ? "channels is empty"
                : $"unknown channel name(s) {string.Join(", ", unknown)} (expected NC, AP, VP, DP, <phase>_present or LR_position)");
        }

        if (card.Channels.Count != card.Channels.Distinct(StringComparer.Ordinal).Count())
        {
            p.Add("channels lists a channel twice");
        }

        if (card.Inputs.Count == 1 && card.Inputs[0].Shape.Count > 1 && card.Inputs[0].Shape[1] > 0 && card.Inputs[0].Shape[1] != card.Channels.Count)
        {
            p.Add($"input '{card.Inputs[0].Name}' has {card.Inputs[0].Shape[1]} channels but channels lists {card.Channels.Count}");
        }

        if (card.Classes.Count is 0 or > 256)
        {
            p.Add($"classes has {card.Classes.Count} entries, expected 1 to 256");
        }

        if (card.Outputs.Count >= 1 && card.Outputs[0].Shape.Count > 1 && card.Outputs[0].Shape[1] > 0 && card.Outputs[0].Shape[1] != card.Classes.Count)
        {
            p.Add($"output '{card.Outputs[0].Name}' has {card.Outputs[0].Shape[1]} channels but classes lists {card.Classes.Count}");
        }

        if (card.WorkingSpacingMm.Count != 3 || card.WorkingSpacingMm.Any(s => !(s > 0)))
        {
            p.Add("workingSpacingMm must be three positive numbers (x, y, z mm)");
        }

        if (card.Normalization.Kind != ModelCardNormalization.Window)
        {
            p.Add($"normalization.kind is '{card.Normalization.Kind}', only 'window' is supported");
        }
        else if (!(card.Normalization.MaxHu > card.Normalization.MinHu))
        {
            p.Add($"normalization window [{card.Normalization.MinHu}, {card.Normalization.MaxHu}] HU is empty");
        }

        if (card.PatchSize.Count != 3 || card.PatchSize.Any(s => s <= 0))
        {
            p.Add("patchSize must be three positive voxel counts (z, y, x)");
        }

        if (!(card.Overlap >= 0 && card.Overlap < 1))
        {
            p.Add($"overlap {card.Overlap.ToString(CultureInfo.InvariantCulture)} is outside [0, 1)");
        }

        return p;
    }

    /// <summary>
    /// Mismatches between the card and the model: the file's sha256, then each declared input/output against the session's
    /// (name, dtype, rank; a dimension fixed in the model must be the same on the card, and a dimension the card calls
    /// dynamic (-1) must be dynamic in the model, because sliding windows feed other sizes).
    /// </summary>
    public static IReadOnlyList<string> Verify(ModelCard card, string modelSha256, IReadOnlyList<TensorInfo> inputs, IReadOnlyList<TensorInfo> outputs)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(modelSha256);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var p = new List<string>();
        if (!string.Equals(card.Sha256, modelSha256, StringComparison.OrdinalIgnoreCase))
        {
            p.Add($"sha256 is {card.Sha256} on the card but {modelSha256} for {ModelFileName}");
        }

        Compare("input", card.Inputs, inputs, p);
        Compare("output", card.Outputs, outputs, p);
        return p;
    }

    public static string ComputeSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void Compare(string kind, IReadOnlyList<ModelCardTensor> declared, IReadOnlyList<TensorInfo> actual, List<string> p)
    {
        var actualNames = string.Join(", ", actual.Select(a => a.Name));
        foreach (var d in declared)
        {
            var a = actual.FirstOrDefault(t => t.Name == d.Name);
            if (a is null)
            {
                p.Add($"{kind} '{d.Name}' is on the card but the model's {kind}s are: {actualNames}");
                continue;
            }

            if (a.ElementType.ToCardName() != d.Dtype)
            {
                p.Add($"{kind} '{d.Name}' dtype is {d.Dtype} on the card but {a.ElementType.ToCardName()} in the model");
            }

            var shapeText = $"[{string.Join(", ", d.Shape)}] on the card but [{string.Join(", ", a.Shape)}] in the model";
            if (a.Rank != d.Shape.Count)
            {
                p.Add($"{kind} '{d.Name}' shape is {shapeText} (rank differs)");
                continue;
            }

            for (var i = 0; i < a.Rank; i++)
            {
                var model = a.Shape[i];
                var onCard = d.Shape[i];
                if (model > 0 && model != onCard)
                {
                    p.Add($"{kind} '{d.Name}' shape is {shapeText} (axis {i})");
                    break;
                }
            }
        }

        foreach (var a in actual.Where(a => declared.All(d => d.Name != a.Name)))
        {
            if (kind == "input")
            {
                p.Add($"the model has {kind} '{a.Name}' that the card does not declare");
            }
        }
    }
}
