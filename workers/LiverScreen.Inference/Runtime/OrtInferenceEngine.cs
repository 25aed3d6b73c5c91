using System.Runtime.InteropServices;
using LiverScreen.Inference.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiverScreen.Inference.Runtime;

/// <summary>
/// <see cref="IInferenceEngine"/> over our own ONNX Runtime C API binding. Creates sessions with the configured
/// threads, optimisation level and execution provider; a GPU provider that cannot be used either fails with a message
/// naming the missing provider library or, when <see cref="InferenceOptions.FallbackToCpu"/> is set, falls back to CPU.
/// </summary>
public sealed unsafe class OrtInferenceEngine : IInferenceEngine
{
    private readonly OrtRuntime _runtime;
    private readonly ILogger _logger;

    public OrtInferenceEngine(OrtRuntime runtime, ILogger<OrtInferenceEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Log.RuntimeLoaded(_logger, runtime.Version, runtime.LibraryPath, string.Join(", ", runtime.AvailableProviders));
    }

    /// <summary>An engine over the library <paramref name="options"/> points at (or the default one).</summary>
    public static OrtInferenceEngine Create(InferenceOptions? options = null, ILogger<OrtInferenceEngine>? logger = null) =>
        new(options?.LibraryPath is { } path ? OrtRuntime.Load(path) : OrtRuntime.Default, logger);

    public OrtRuntime Runtime => _runtime;

    public string Description => $"ONNX Runtime {_runtime.Version} (C API binding, {_runtime.LibraryPath})";

    public IInferenceSession CreateSession(string modelPath, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(options);
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Model file '{fullPath}' does not exist.", fullPath);
        }

        var provider = options.ExecutionProvider;
        nint session;
        try
        {
            session = CreateSessionOn(fullPath, options, provider);
        }
        catch (Exception e) when (provider != ExecutionProvider.Cpu && e is OrtException or ExecutionProviderUnavailableException)
        {
            var reason = DescribeProviderFailure(provider, e);
            if (!options.FallbackToCpu)
            {
                throw new ExecutionProviderUnavailableException(
                    reason + $" Set {InferenceOptions.SectionName}:{nameof(InferenceOptions.FallbackToCpu)}=true to run on CPU instead, or "
                    + $"{InferenceOptions.SectionName}:{nameof(InferenceOptions.ExecutionProvider)}=Cpu.", e);
            }

            Log.ProviderFallback(_logger, provider, reason);
            provider = ExecutionProvider.Cpu;
            session = CreateSessionOn(fullPath, options, provider);
        }

        var result = new OrtInferenceSession(_runtime, new OrtSessionHandle(_runtime, session), fullPath, provider);
        Log.SessionCreated(_logger, fullPath, provider, options.IntraOpThreads, options.GraphOptimization);
        return result;
    }

    private nint CreateSessionOn(string path, InferenceOptions options, ExecutionProvider provider)
    {
        var api = _runtime.Api;
        nint raw;
        api.Check(api.CreateSessionOptions(&raw));
        using var so = new OrtSessionOptionsHandle(_runtime, raw);
        api.Check(api.SetIntraOpNumThreads(raw, options.IntraOpThreads));
        api.Check(api.SetInterOpNumThreads(raw, options.InterOpThreads));
        api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)options.GraphOptimization));
        api.Check(api.SetSessionExecutionMode(raw, 0 /* ORT_SEQUENTIAL */));
        api.Check(api.SetSessionLogSeverityLevel(raw, 3 /* ERROR */));
        if (!options.AllowSpinning)
        {
            AddConfigEntry(raw, "session.intra_op.allow_spinning", "0");
            AddConfigEntry(raw, "session.inter_op.allow_spinning", "0");
        }

        switch (provider)
        {
            case ExecutionProvider.Cuda:
                AppendCuda(raw, options.DeviceId);
                break;
            case ExecutionProvider.TensorRt:
                AppendTensorRt(raw, options.DeviceId);
                // CUDA after TensorRT: nodes TensorRT cannot take still run on the GPU (ORT's own recommendation).
                AppendCuda(raw, options.DeviceId);
                break;
        }

        var pathZ = OrtRuntime.Utf8Z(path);
        nint session;
        fixed (byte* p = pathZ)
        {
            api.Check(api.CreateSession(_runtime.Env, p, raw, &session));
        }

        return session;
    }

    private void AddConfigEntry(nint sessionOptions, string key, string value)
    {
        var k = OrtRuntime.Utf8Z(key);
        var v = OrtRuntime.Utf8Z(value);
        fixed (byte* kp = k)
        fixed (byte* vp = v)
        {
            _runtime.Api.Check(_runtime.Api.AddSessionConfigEntry(sessionOptions, kp, vp));
        }
    }

    private void AppendCuda(nint sessionOptions, int deviceId)
    {
        var api = _runtime.Api;
        nint cuda;
        api.Check(api.CreateCudaProviderOptions(&cuda));
        try
        {
            UpdateDeviceId(cuda, deviceId, api.UpdateCudaProviderOptions);
            api.Check(api.AppendCudaV2(sessionOptions, cuda));
        }
        finally
        {
            api.ReleaseCudaProviderOptions(cuda);
        }
    }

    private void AppendTensorRt(nint sessionOptions, int deviceId)
    {
        var api = _runtime.Api;
        nint trt;
        api.Check(api.CreateTensorRtProviderOptions(&trt));
        try
        {
            UpdateDeviceId(trt, deviceId, api.UpdateTensorRtProviderOptions);
            api.Check(api.AppendTensorRtV2(sessionOptions, trt));
        }
        finally
        {
            api.ReleaseTensorRtProviderOptions(trt);
        }
    }

    private void UpdateDeviceId(nint providerOptions, int deviceId, delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> update)
    {
        var key = "device_id\0"u8;
        var value = OrtRuntime.Utf8Z(deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            var keys = stackalloc byte*[1] { k };
            var values = stackalloc byte*[1] { v };
            _runtime.Api.Check(update(providerOptions, keys, values, 1));
        }
    }

    /// <summary>The provider libraries ORT dlopens for a GPU provider; they must sit beside libonnxruntime.so.1.</summary>
    public static IReadOnlyList<string> ProviderLibraries(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.Cuda => ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"],
        ExecutionProvider.TensorRt => ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_tensorrt.so", "libonnxruntime_providers_cuda.so"],
        _ => [],
    };

    /// <summary>Which of <paramref name="provider"/>'s libraries are not beside libonnxruntime.so.1 (ORT dlopens them from there).</summary>
    public IReadOnlyList<string> MissingProviderLibraries(ExecutionProvider provider)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(_runtime.LibraryPath)) ?? ".";
        // The launcher's path is a symlink into the npm package; ORT looks beside the real file.
        var real = new FileInfo(_runtime.LibraryPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        var realFolder = real is null ? folder : Path.GetDirectoryName(real) ?? folder;
        return ProviderLibraries(provider)
            .Where(lib => !File.Exists(Path.Combine(realFolder, lib)) && !File.Exists(Path.Combine(folder, lib)))
            .ToList();
    }

    private string DescribeProviderFailure(ExecutionProvider provider, Exception e)
    {
        var name = provider == ExecutionProvider.Cuda ? "CUDA" : "TensorRT";
        var needs = string.Join(", ", ProviderLibraries(provider));
        var missing = MissingProviderLibraries(provider);
        var missingText = missing.Count == 0 ? string.Empty : $"Missing provider library: {string.Join(", ", missing)}. ";
        return $"The {name} execution provider was requested but cannot be used. {missingText}{e.Message} It needs {needs} beside "
               + $"libonnxruntime.so.1 (they ship in the Microsoft.ML.OnnxRuntime.Gpu.Linux package, with CUDA 12 and cuDNN 9"
               + (provider == ExecutionProvider.TensorRt ? " and TensorRT 10" : string.Empty)
               + "), which this machine does not have.";
    }

    internal static string? PtrToString(nint p) => Marshal.PtrToStringUTF8(p);
}
