namespace LiverScreen.Inference;

/// <summary>
/// Creates inference sessions. <see cref="Runtime.OrtInferenceEngine"/> binds ONNX Runtime's C API directly; an engine
/// over Microsoft.ML.OnnxRuntime(.Gpu) can take its place where that package is available.
/// </summary>
public interface IInferenceEngine
{
    /// <summary>Runtime name and version, e.g. "ONNX Runtime 1.30.0".</summary>
    string Description { get; }

    IInferenceSession CreateSession(string modelPath, InferenceOptions options);
}
