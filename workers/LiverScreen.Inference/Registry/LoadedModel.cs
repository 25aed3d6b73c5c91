using LiverScreen.Contracts;
using LiverScreen.Inference.Cards;

namespace LiverScreen.Inference.Registry;

/// <summary>
/// A model whose file hash and real inputs/outputs matched its card, with its shared session (owned by the registry:
/// do not dispose it). <see cref="Ref"/> goes into every result the model produces.
/// </summary>
public sealed record LoadedModel(ModelCard Card, ModelRef Ref, IInferenceSession Session, string Directory);
