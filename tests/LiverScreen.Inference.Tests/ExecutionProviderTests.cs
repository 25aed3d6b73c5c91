using LiverScreen.Inference.Runtime;

namespace LiverScreen.Inference.Tests;

/// <summary>
/// GPU providers are compiled into ORT 1.30 but their libraries (libonnxruntime_providers_cuda.so, ..._tensorrt.so) are
/// not obtainable here: asking for them must fail naming the missing library, or fall back to CPU only when configured.
/// </summary>
public sealed class ExecutionProviderTests
{
    private static string ModelPath => Path.Combine(TestModels.TinySeg, "model.onnx");

    [Theory]
    [InlineData(ExecutionProvider.Cuda, "libonnxruntime_providers_cuda.so")]
    [InlineData(ExecutionProvider.TensorRt, "libonnxruntime_providers_tensorrt.so")]
    public void Unavailable_gpu_provider_without_fallback_names_the_missing_library(ExecutionProvider provider, string library)
    {
        Assert.NotEmpty(TestModels.Engine.MissingProviderLibraries(provider)); // the premise: not installed here

        var e = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            TestModels.Engine.CreateSession(ModelPath, new InferenceOptions { ExecutionProvider = provider }));

        Assert.Contains(library, e.Message, StringComparison.Ordinal);
        Assert.Contains("FallbackToCpu", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExecutionProvider.Cuda)]
    [InlineData(ExecutionProvider.TensorRt)]
    public void Unavailable_gpu_provider_with_fallback_runs_on_cpu(ExecutionProvider provider)
    {
        using var session = TestModels.Engine.CreateSession(
            ModelPath, new InferenceOptions { ExecutionProvider = provider, FallbackToCpu = true, IntraOpThreads = 1 });

        Assert.Equal(ExecutionProvider.Cpu, session.ExecutionProvider);
        var output = session.Run([NamedTensor.Allocate("image", 1, 8, 8, 16, 16)])[0];
        Assert.Equal(new long[] { 1, 8, 8, 16, 16 }, output.Shape);
    }
}
