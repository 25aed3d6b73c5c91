using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Reclassify;

public sealed record ReclassifyOutcome(string LesionsKey, ModelRef Model, IReadOnlyList<LesionFinding> Lesions, TimeSpan InferenceTime);
