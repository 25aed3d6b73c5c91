namespace LiverScreen.Inference;

/// <summary>
/// One loaded model, created once and shared: <see cref="Run(IReadOnlyList{NamedTensor})"/> is safe to call from
/// several threads at once (ONNX Runtime sessions are thread-safe for Run). Float32 tensors only.
/// </summary>
public interface IInferenceSession : IDisposable
{
    string ModelPath { get; }

    /// <summary>The provider the session really runs on (CPU after a configured fallback).</summary>
    ExecutionProvider ExecutionProvider { get; }

    IReadOnlyList<TensorInfo> Inputs { get; }

    IReadOnlyList<TensorInfo> Outputs { get; }

    /// <summary>Runs the model and returns every output, copied into new managed arrays.</summary>
    IReadOnlyList<NamedTensor> Run(IReadOnlyList<NamedTensor> inputs);

    /// <summary>Runs the model writing the named outputs straight into the caller's buffers (shapes must be exact).</summary>
    void Run(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<NamedTensor> outputs);
}
