namespace LiverScreen.Inference.Registry;

/// <summary>The models a worker can run: list them, and load one by name (and version) with its card verified.</summary>
public interface IModelRegistry : IDisposable
{
    /// <summary>The models folder (absolute).</summary>
    string Root { get; }

    /// <summary>Every valid card under the models folder (invalid ones are logged and left out).</summary>
    IReadOnlyList<ModelEntry> List();

    /// <summary>
    /// The model <paramref name="name"/> at <paramref name="version"/> (the highest version when null), loaded once and
    /// shared. Throws <see cref="Cards.ModelCardException"/> naming the mismatch when the file or session disagrees with
    /// the card, <see cref="KeyNotFoundException"/> when there is no such model.
    /// </summary>
    LoadedModel Load(string name, string? version = null);
}
