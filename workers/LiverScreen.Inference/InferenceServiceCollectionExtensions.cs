using LiverScreen.Inference.Registry;
using LiverScreen.Inference.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiverScreen.Inference;

/// <summary>One line for a worker's Program.cs: <c>services.AddLiverScreenInference();</c></summary>
public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="InferenceOptions"/> to the "Inference" section (validated on start), and registers one shared
    /// <see cref="IInferenceEngine"/> (our ORT binding) and one <see cref="IModelRegistry"/> (sessions created once per model).
    /// </summary>
    public static IServiceCollection AddLiverScreenInference(this IServiceCollection services)
    {
        services.AddOptions<InferenceOptions>().BindConfiguration(InferenceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IInferenceEngine>(sp =>
            OrtInferenceEngine.Create(sp.GetRequiredService<IOptions<InferenceOptions>>().Value, sp.GetService<ILogger<OrtInferenceEngine>>()));
        services.TryAddSingleton<IModelRegistry>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<InferenceOptions>>().Value;
            var root = options.ModelsDirectory ?? ModelRegistry.FindDefaultRoot()
                ?? throw new InvalidOperationException($"No models folder: set {InferenceOptions.SectionName}:{nameof(InferenceOptions.ModelsDirectory)} or LIVERSCREEN_HOME.");
            return new ModelRegistry(root, sp.GetRequiredService<IInferenceEngine>(), options, sp.GetService<ILogger<ModelRegistry>>());
        });
        return services;
    }
}
