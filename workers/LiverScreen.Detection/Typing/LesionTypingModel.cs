using System.Security.Cryptography;
using System.Text.Json;
using LiverScreen.Contracts;

namespace LiverScreen.Detection.Typing;

/// <summary>
/// A multinomial logistic regression from <see cref="EnhancementFeatures"/> to the six lesion types (HCC, ICC, Meta,
/// Hem, Other, Cyst, in that order): P(type) = softmax(W f + b). Fitted by models/training/train_typing.py on the
/// phantom training export and stored as JSON (models/lesion-typing/typing.json): 6 x 14 weights need no inference
/// engine. Synthetic phantoms only: never a clinical model.
/// </summary>
public sealed record LesionTypingModel(string Name, string Version, float[][] Weights, float[] Bias)
{
    public const string FileName = "typing.json";

    /// <summary>Whether it was fitted on synthetic phantoms (the file's "synthetic"); the shipped one is.</summary>
    public bool Synthetic { get; init; }

    /// <summary>Hex SHA-256 of the file it was loaded from (empty when built in code).</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>What a study result records about this model (name, version, file hash).</summary>
    public ModelRef Ref => new(Name, Version, Sha256);

    public static readonly LesionType[] Types = [LesionType.HCC, LesionType.ICC, LesionType.Meta, LesionType.Hem, LesionType.Other, LesionType.Cyst];

    /// <summary>Type probabilities in <see cref="Types"/> order.</summary>
    public double[] Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != EnhancementFeatures.Count)
        {
            throw new ArgumentException($"Expected {EnhancementFeatures.Count} features, got {features.Length}.", nameof(features));
        }

        var z = new double[Types.Length];
        for (var k = 0; k < z.Length; k++)
        {
            double s = Bias[k];
            for (var j = 0; j < features.Length; j++)
            {
                s += Weights[k][j] * features[j];
            }

            z[k] = s;
        }

        var max = z.Max();
        var sum = 0.0;
        for (var k = 0; k < z.Length; k++)
        {
            z[k] = Math.Exp(z[k] - max);
            sum += z[k];
        }

        for (var k = 0; k < z.Length; k++)
        {
            z[k] /= sum;
        }

        return z;
    }

    /// <summary>Reads and checks a typing model file; the message names the file and what is wrong.</summary>
    public static LesionTypingModel Load(string path)
    {
        LesionTypingModel? model;
        var bytes = File.ReadAllBytes(path);
        try
        {
            model = JsonSerializer.Deserialize<LesionTypingModel>(bytes, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a lesion typing model ({ex.Message}).", ex);
        }

        if (model is null || string.IsNullOrWhiteSpace(model.Name) || string.IsNullOrWhiteSpace(model.Version) || model.Weights is null || model.Bias is null || model.Weights.Length != Types.Length || model.Bias.Length != Types.Length
            || model.Weights.Any(w => w is null || w.Length != EnhancementFeatures.Count))
        {
            throw new InvalidDataException($"{path}: a lesion typing model needs a name, a version, {Types.Length} x {EnhancementFeatures.Count} weights and {Types.Length} biases.");
        }

        return model with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip };
}
