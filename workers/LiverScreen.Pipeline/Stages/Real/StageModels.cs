using LiverScreen.Inference.Cards;
using LiverScreen.Inference.Registry;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// The two models the stages share, loaded once through <see cref="IModelRegistry"/> (sessions are thread-safe).
/// A model that is missing or does not match its card is a permanent fault for the study ("model-unavailable"):
/// retrying cannot make the file appear, and the report names the problem.
/// </summary>
public sealed class StageModels(IModelRegistry registry, IOptions<StageModelOptions> options)
{
    public StageModelOptions Options { get; } = options.Value;

    public LoadedModel Segmentation => Load(Options.Segmentation);

    public LoadedModel Reclassification => Load(Options.Reclassification);

    private LoadedModel Load(string name)
    {
        try
        {
            return registry.Load(name);
        }
        catch (KeyNotFoundException ex)
        {
            throw new StageFailureException("model-unavailable", $"The model '{name}' is not installed under models/ ({ex.Message}).", null, ex);
        }
        catch (ModelCardException ex)
        {
            throw new StageFailureException("model-unavailable", $"The model '{name}' does not match its card: {ex.Message}", null, ex);
        }
    }
}
