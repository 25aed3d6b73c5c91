using LiverScreen.Inference.Runtime;
using LiverScreen.Tests.Support;

namespace LiverScreen.Inference.Tests;

public sealed class OrtBindingTests
{
    [Fact]
    public void Runtime_reports_the_checked_version_and_the_cpu_provider()
    {
        var runtime = OrtRuntime.Default;
        Assert.StartsWith(OrtRuntime.RequiredVersion + ".", runtime.Version, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", runtime.AvailableProviders);
    }

    [Fact]
    public void Session_reports_the_exported_inputs_and_outputs()
    {
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);
        var input = Assert.Single(session.Inputs);
        var output = Assert.Single(session.Outputs);
        Assert.Equal("image", input.Name);
        Assert.Equal(TensorElementType.Float32, input.ElementType);
        Assert.Equal(new long[] { -1, 8, -1, -1, -1 }, input.Shape);
        Assert.Equal("probabilities", output.Name);
        Assert.Equal(new long[] { -1, 8, -1, -1, -1 }, output.Shape);
        Assert.Equal(ExecutionProvider.Cpu, session.ExecutionProvider);
    }

    [Fact]
    public void Outputs_match_pytorch_reference_to_1e4()
    {
        var (x, xShape) = NpyArray.ReadFloat32Tensor(Path.Combine(TestModels.TinySeg, "reference_input.npy"));
        var (expected, yShape) = NpyArray.ReadFloat32Tensor(Path.Combine(TestModels.TinySeg, "reference_output.npy"));
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);

        var output = Assert.Single(session.Run([new NamedTensor("image", x, xShape)]));

        Assert.Equal(yShape, output.Shape);
        var actual = output.Data.Span;
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        }

        Assert.True(worst < 1e-4f, $"largest difference from PyTorch {worst}");
    }

    /// <summary>The spinning switch goes through AddSessionConfigEntry (OrtApi position 130): a wrong position would
    /// call another function with these arguments and fail or crash; either setting must give the same outputs.</summary>
    [Fact]
    public void Sessions_with_and_without_spinning_threads_give_the_same_outputs()
    {
        var (x, xShape) = NpyArray.ReadFloat32Tensor(Path.Combine(TestModels.TinySeg, "reference_input.npy"));
        var model = Path.Combine(TestModels.TinySeg, "model.onnx");
        using var sleeping = TestModels.Engine.CreateSession(model, new InferenceOptions { IntraOpThreads = 2, AllowSpinning = false });
        using var spinning = TestModels.Engine.CreateSession(model, new InferenceOptions { IntraOpThreads = 2, AllowSpinning = true });

        var a = sleeping.Run([new NamedTensor("image", x, xShape)])[0].Data.ToArray();
        var b = spinning.Run([new NamedTensor("image", x, xShape)])[0].Data.ToArray();

        Assert.False(new InferenceOptions().AllowSpinning);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Bound_outputs_in_native_memory_equal_copied_outputs()
    {
        var (x, xShape) = NpyArray.ReadFloat32Tensor(Path.Combine(TestModels.TinySeg, "reference_input.npy"));
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);
        var copied = session.Run([new NamedTensor("image", x, xShape)])[0];

        using var nativeIn = new NativeTensorMemory(x.Length);
        x.CopyTo(nativeIn.GetSpan());
        using var nativeOut = new NativeTensorMemory(copied.Data.Length);
        session.Run([new NamedTensor("image", nativeIn.Memory, xShape)], [new NamedTensor("probabilities", nativeOut.Memory, copied.Shape)]);

        Assert.True(copied.Data.Span.SequenceEqual(nativeOut.GetSpan()));
    }

    [Fact]
    public void Ort_errors_carry_ort_message()
    {
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);
        // Rank 4 where the model wants rank 5: ORT refuses, and its own words must reach the caller.
        var bad = NamedTensor.Allocate("image", 1, 8, 16, 16);

        var e = Assert.Throws<OrtException>(() => session.Run([bad]));

        Assert.Equal(2, e.Code); // ORT_INVALID_ARGUMENT
        Assert.Contains("image", e.Message, StringComparison.Ordinal);
        Assert.Contains("rank", e.OrtMessage, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unknown_input_name_is_refused_with_the_real_names()
    {
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);
        var e = Assert.Throws<ArgumentException>(() => session.Run([NamedTensor.Allocate("img", 1, 8, 8, 16, 16)]));
        Assert.Contains("'img'", e.Message, StringComparison.Ordinal);
        Assert.Contains("image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_library_names_the_path_and_the_fix()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir", "libonnxruntime.so.1");

        var e = Assert.Throws<OnnxRuntimeUnavailableException>(() => OrtRuntime.Load(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", e.Message, StringComparison.Ordinal);
        Assert.Contains(OrtRuntime.LibraryEnvironmentVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_refused()
    {
        // libc loads fine but has no OrtGetApiBase.
        var libc = new[] { "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6" }.First(File.Exists);

        var e = Assert.Throws<OnnxRuntimeUnavailableException>(() => OrtRuntime.Load(libc));

        Assert.Contains("not ONNX Runtime", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.30.0", true)]
    [InlineData("1.30.2", true)]
    [InlineData("1.22.0", false)]
    [InlineData("1.3.0", false)]
    [InlineData("2.30.0", false)]
    [InlineData("garbage", false)]
    public void Version_check_accepts_only_the_counted_release(string version, bool accepted)
    {
        var problem = OrtRuntime.CheckVersion(version);
        Assert.Equal(accepted, problem is null);
        if (!accepted)
        {
            Assert.Contains(version, problem, StringComparison.Ordinal);
            Assert.Contains("1.30", problem, StringComparison.Ordinal);
        }
    }
}
