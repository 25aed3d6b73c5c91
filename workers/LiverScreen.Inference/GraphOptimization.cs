namespace LiverScreen.Inference;

/// <summary>ONNX Runtime's graph optimisation level (GraphOptimizationLevel in the C API; the values are ORT's).</summary>
public enum GraphOptimization
{
    None = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
