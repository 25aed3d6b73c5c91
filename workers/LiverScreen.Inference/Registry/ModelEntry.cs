using LiverScreen.Contracts;
using LiverScreen.Inference.Cards;

namespace LiverScreen.Inference.Registry;

/// <summary>A model found on disk: its validated card and where its files are. Nothing is loaded yet.</summary>
public sealed record ModelEntry(ModelCard Card, string Directory)
{
    public string CardPath => Path.Combine(Directory, ModelCards.CardFileName);

    public string ModelPath => Path.Combine(Directory, ModelCards.ModelFileName);

    public ModelRef Ref => Card.Ref;
}
