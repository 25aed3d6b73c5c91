namespace LiverScreen.Inference.Runtime;

/// <summary>
/// The ONNX Runtime native library is missing, is not ONNX Runtime, or is a version this binding was not counted
/// against. The message says what was found where, and how to fix it.
/// </summary>
public sealed class OnnxRuntimeUnavailableException : Exception
{
    public OnnxRuntimeUnavailableException()
    {
    }

    public OnnxRuntimeUnavailableException(string message)
        : base(message)
    {
    }

    public OnnxRuntimeUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
