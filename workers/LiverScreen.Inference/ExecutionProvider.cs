namespace LiverScreen.Inference;

/// <summary>Where ONNX Runtime runs the graph. CPU is always available; CUDA and TensorRT need their provider libraries.</summary>
public enum ExecutionProvider
{
    Cpu,
    Cuda,
    TensorRt,
}
