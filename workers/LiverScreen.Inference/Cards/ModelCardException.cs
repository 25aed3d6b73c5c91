namespace LiverScreen.Inference.Cards;

/// <summary>
/// A model card that cannot be read, is invalid, or does not match its model.onnx (sha256, input/output names, dtypes,
/// shapes). The message names the card file and every problem; the model is refused.
/// </summary>
public sealed class ModelCardException : Exception
{
    public ModelCardException()
    {
        Problems = [];
    }

    public ModelCardException(string message)
        : base(message)
    {
        Problems = [message];
    }

    public ModelCardException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    public ModelCardException(string cardPath, string what, IReadOnlyList<string> problems)
        : base($"Model card {cardPath} {what}: {string.Join("; ", problems)}. Refusing to load the model.")
    {
        CardPath = cardPath;
        Problems = problems;
    }

    public string? CardPath { get; }

    public IReadOnlyList<string> Problems { get; }
}
