using System.Runtime.InteropServices;

namespace LiverScreen.Inference.Runtime;

/// <summary>
/// The slice of ONNX Runtime's <c>OrtApi</c> function table we call. The table is append-only, so a function's position
/// never changes between releases; positions were counted from <c>struct OrtApi</c> in
/// include/onnxruntime/core/session/onnxruntime_c_api.h (0 = CreateStatus). Every function returns an
/// <c>OrtStatus*</c> (null = success) unless noted. Handles are plain <c>nint</c>s; ownership lives in the SafeHandles.
/// </summary>
internal sealed unsafe class OrtApi
{
    // Positions in struct OrtApi (see the header); keep in ascending order so a reviewer can re-count quickly.
    private const int IdxGetErrorCode = 1;
    private const int IdxGetErrorMessage = 2;
    private const int IdxCreateEnv = 3;
    private const int IdxCreateSession = 7;
    private const int IdxRun = 9;
    private const int IdxCreateSessionOptions = 10;
    private const int IdxSetSessionExecutionMode = 13;
    private const int IdxSetSessionLogSeverityLevel = 22;
    private const int IdxSetSessionGraphOptimizationLevel = 23;
    private const int IdxSetIntraOpNumThreads = 24;
    private const int IdxSetInterOpNumThreads = 25;
    private const int IdxSessionGetInputCount = 30;
    private const int IdxSessionGetOutputCount = 31;
    private const int IdxSessionGetInputTypeInfo = 33;
    private const int IdxSessionGetOutputTypeInfo = 34;
    private const int IdxSessionGetInputName = 36;
    private const int IdxSessionGetOutputName = 37;
    private const int IdxCreateTensorWithDataAsOrtValue = 49;
    private const int IdxGetTensorMutableData = 51;
    private const int IdxCastTypeInfoToTensorInfo = 55;
    private const int IdxGetOnnxTypeFromTypeInfo = 56;
    private const int IdxGetTensorElementType = 60;
    private const int IdxGetDimensionsCount = 61;
    private const int IdxGetDimensions = 62;
    private const int IdxGetTensorTypeAndShape = 65;
    private const int IdxCreateCpuMemoryInfo = 69;
    private const int IdxAllocatorFree = 76;
    private const int IdxGetAllocatorWithDefaultOptions = 78;
    private const int IdxReleaseEnv = 92;
    private const int IdxReleaseStatus = 93;
    private const int IdxReleaseMemoryInfo = 94;
    private const int IdxReleaseSession = 95;
    private const int IdxReleaseValue = 96;
    private const int IdxReleaseTypeInfo = 98;
    private const int IdxReleaseTensorTypeAndShapeInfo = 99;
    private const int IdxReleaseSessionOptions = 100;
    private const int IdxGetAvailableProviders = 125;
    private const int IdxReleaseAvailableProviders = 126;
    private const int IdxAddSessionConfigEntry = 130;
    private const int IdxSessionOptionsAppendExecutionProviderTensorRtV2 = 170;
    private const int IdxCreateTensorRtProviderOptions = 171;
    private const int IdxUpdateTensorRtProviderOptions = 172;
    private const int IdxReleaseTensorRtProviderOptions = 174;
    private const int IdxSessionOptionsAppendExecutionProviderCudaV2 = 204;
    private const int IdxCreateCudaProviderOptions = 205;
    private const int IdxUpdateCudaProviderOptions = 206;
    private const int IdxReleaseCudaProviderOptions = 208;

    public OrtApi(nint table)
    {
        var t = (nint*)table;
        GetErrorCode = (delegate* unmanaged[Cdecl]<nint, int>)t[IdxGetErrorCode];
        GetErrorMessage = (delegate* unmanaged[Cdecl]<nint, byte*>)t[IdxGetErrorMessage];
        CreateEnv = (delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)t[IdxCreateEnv];
        CreateSession = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint>)t[IdxCreateSession];
        Run = (delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)t[IdxRun];
        CreateSessionOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[IdxCreateSessionOptions];
        SetSessionExecutionMode = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[IdxSetSessionExecutionMode];
        SetSessionLogSeverityLevel = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[IdxSetSessionLogSeverityLevel];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[IdxSetSessionGraphOptimizationLevel];
        SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[IdxSetIntraOpNumThreads];
        SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)t[IdxSetInterOpNumThreads];
        AddSessionConfigEntry = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint>)t[IdxAddSessionConfigEntry];
        SessionGetInputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)t[IdxSessionGetInputCount];
        SessionGetOutputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)t[IdxSessionGetOutputCount];
        SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)t[IdxSessionGetInputTypeInfo];
        SessionGetOutputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)t[IdxSessionGetOutputTypeInfo];
        SessionGetInputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)t[IdxSessionGetInputName];
        SessionGetOutputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)t[IdxSessionGetOutputName];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[IdxCreateTensorWithDataAsOrtValue];
        GetTensorMutableData = (delegate* unmanaged[Cdecl]<nint, void**, nint>)t[IdxGetTensorMutableData];
        CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)t[IdxCastTypeInfoToTensorInfo];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged[Cdecl]<nint, int*, nint>)t[IdxGetOnnxTypeFromTypeInfo];
        GetTensorElementType = (delegate* unmanaged[Cdecl]<nint, int*, nint>)t[IdxGetTensorElementType];
        GetDimensionsCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)t[IdxGetDimensionsCount];
        GetDimensions = (delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)t[IdxGetDimensions];
        GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)t[IdxGetTensorTypeAndShape];
        CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, nint*, nint>)t[IdxCreateCpuMemoryInfo];
        AllocatorFree = (delegate* unmanaged[Cdecl]<nint, void*, nint>)t[IdxAllocatorFree];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[IdxGetAllocatorWithDefaultOptions];
        ReleaseEnv = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseEnv];
        ReleaseStatus = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseStatus];
        ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseMemoryInfo];
        ReleaseSession = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseSession];
        ReleaseValue = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseValue];
        ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseTypeInfo];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseTensorTypeAndShapeInfo];
        ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseSessionOptions];
        GetAvailableProviders = (delegate* unmanaged[Cdecl]<byte***, int*, nint>)t[IdxGetAvailableProviders];
        ReleaseAvailableProviders = (delegate* unmanaged[Cdecl]<byte**, int, nint>)t[IdxReleaseAvailableProviders];
        AppendTensorRtV2 = (delegate* unmanaged[Cdecl]<nint, nint, nint>)t[IdxSessionOptionsAppendExecutionProviderTensorRtV2];
        CreateTensorRtProviderOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[IdxCreateTensorRtProviderOptions];
        UpdateTensorRtProviderOptions = (delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint>)t[IdxUpdateTensorRtProviderOptions];
        ReleaseTensorRtProviderOptions = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseTensorRtProviderOptions];
        AppendCudaV2 = (delegate* unmanaged[Cdecl]<nint, nint, nint>)t[IdxSessionOptionsAppendExecutionProviderCudaV2];
        CreateCudaProviderOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)t[IdxCreateCudaProviderOptions];
        UpdateCudaProviderOptions = (delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint>)t[IdxUpdateCudaProviderOptions];
        ReleaseCudaProviderOptions = (delegate* unmanaged[Cdecl]<nint, void>)t[IdxReleaseCudaProviderOptions];
    }

    public delegate* unmanaged[Cdecl]<nint, int> GetErrorCode { get; }
    public delegate* unmanaged[Cdecl]<nint, byte*> GetErrorMessage { get; }
    public delegate* unmanaged[Cdecl]<int, byte*, nint*, nint> CreateEnv { get; }
    public delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint> CreateSession { get; }
    public delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run { get; }
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateSessionOptions { get; }
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionExecutionMode { get; }
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionLogSeverityLevel { get; }
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionGraphOptimizationLevel { get; }
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetIntraOpNumThreads { get; }
    public delegate* unmanaged[Cdecl]<nint, int, nint> SetInterOpNumThreads { get; }

    /// <summary>(options, key, value): a session configuration entry (onnxruntime_session_options_config_keys.h).</summary>
    public delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint> AddSessionConfigEntry { get; }
    public delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetInputCount { get; }
    public delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetOutputCount { get; }
    public delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetInputTypeInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetOutputTypeInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetInputName { get; }
    public delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetOutputName { get; }
    public delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue { get; }
    public delegate* unmanaged[Cdecl]<nint, void**, nint> GetTensorMutableData { get; }
    public delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToTensorInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, int*, nint> GetOnnxTypeFromTypeInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, int*, nint> GetTensorElementType { get; }
    public delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetDimensionsCount { get; }
    public delegate* unmanaged[Cdecl]<nint, long*, nuint, nint> GetDimensions { get; }
    public delegate* unmanaged[Cdecl]<nint, nint*, nint> GetTensorTypeAndShape { get; }
    public delegate* unmanaged[Cdecl]<int, int, nint*, nint> CreateCpuMemoryInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, void*, nint> AllocatorFree { get; }
    public delegate* unmanaged[Cdecl]<nint*, nint> GetAllocatorWithDefaultOptions { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseEnv { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseStatus { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseMemoryInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseSession { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseValue { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseTypeInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorTypeAndShapeInfo { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseSessionOptions { get; }
    public delegate* unmanaged[Cdecl]<byte***, int*, nint> GetAvailableProviders { get; }
    public delegate* unmanaged[Cdecl]<byte**, int, nint> ReleaseAvailableProviders { get; }
    public delegate* unmanaged[Cdecl]<nint, nint, nint> AppendTensorRtV2 { get; }
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateTensorRtProviderOptions { get; }
    public delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> UpdateTensorRtProviderOptions { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorRtProviderOptions { get; }
    public delegate* unmanaged[Cdecl]<nint, nint, nint> AppendCudaV2 { get; }
    public delegate* unmanaged[Cdecl]<nint*, nint> CreateCudaProviderOptions { get; }
    public delegate* unmanaged[Cdecl]<nint, byte**, byte**, nuint, nint> UpdateCudaProviderOptions { get; }
    public delegate* unmanaged[Cdecl]<nint, void> ReleaseCudaProviderOptions { get; }

    /// <summary>Turns a returned <c>OrtStatus*</c> into an <see cref="OrtException"/> carrying ORT's own message; frees the status.</summary>
    public void Check(nint status)
    {
        if (status == 0)
        {
            return;
        }

        throw ToException(status);
    }

    public OrtException ToException(nint status)
    {
        var code = GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        return new OrtException(code, message);
    }
}
