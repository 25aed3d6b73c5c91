using LiverScreen.Detection.Typing;
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

    /// <summary>The lesion typing model when one is installed (<see cref="StageModelOptions.Typing"/>), else null.
    /// A file that is there but unreadable is a permanent fault, like a model that does not match its card.</summary>
    public LesionTypingModel? Typing => _typing.Value;

    private readonly Lazy<LesionTypingModel?> _typing = new(() => LoadTyping(registry.Root, options.Value.Typing));

    private static LesionTypingModel? LoadTyping(string root, string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var path = Path.Combine(root, name, LesionTypingModel.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return LesionTypingModel.Load(path);
        }
        catch (InvalidDataException ex)
        {
            throw new StageFailureException("model-unavailable", ex.Message, null, ex);
        }
    }

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
