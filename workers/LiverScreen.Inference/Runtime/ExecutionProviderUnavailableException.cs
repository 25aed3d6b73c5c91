namespace LiverScreen.Inference.Runtime;

/// <summary>A configured GPU execution provider (CUDA, TensorRT) cannot be used and CPU fallback was not allowed.</summary>
public sealed class ExecutionProviderUnavailableException : Exception
{
    public ExecutionProviderUnavailableException()
    {
    }

    public ExecutionProviderUnavailableException(string message)
        : base(message)
    {
    }

    public ExecutionProviderUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
