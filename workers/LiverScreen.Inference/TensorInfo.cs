namespace LiverScreen.Inference;

/// <summary>
/// A model input or output as the runtime reports it: name, element type and shape, where -1 marks a dynamic
/// (symbolic) dimension such as the batch or spatial axes of a fully convolutional net.
/// </summary>
public sealed record TensorInfo(string Name, TensorElementType ElementType, IReadOnlyList<long> Shape)
{
    public int Rank => Shape.Count;

    public override string ToString() => $"{Name}: {ElementType.ToCardName()} [{string.Join(", ", Shape)}]";
}
