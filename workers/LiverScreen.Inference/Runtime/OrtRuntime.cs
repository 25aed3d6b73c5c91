using System.Runtime.InteropServices;
using System.Text;

namespace LiverScreen.Inference.Runtime;

/// <summary>
/// The loaded ONNX Runtime native library: <c>OrtGetApiBase()->GetApi(ORT_API_VERSION)</c>, checked against the
/// version this binding was counted for, plus the process-wide <c>OrtEnv</c>, CPU memory info and default allocator.
/// One per library path; <see cref="Default"/> lives for the whole process (ORT's environment is a process singleton).
/// </summary>
public sealed unsafe class OrtRuntime
{
    /// <summary>The release the function-table positions in <see cref="OrtApi"/> were checked against.</summary>
    public const string RequiredVersion = "1.30";

    /// <summary>ORT_API_VERSION of ONNX Runtime 1.30 (the API version tracks the minor release).</summary>
    public const uint ApiVersion = 30;

    /// <summary>Environment variable the launcher (./liverscreen, ./test) sets to the library's path.</summary>
    public const string LibraryEnvironmentVariable = "LIVERSCREEN_ORT_LIBRARY";

    private const string FixHint =
        "Fix: run ./liverscreen (or scripts/setup.sh) from the LiverScreen checkout once; it installs onnxruntime-node@1.30.0 "
        + "into .tools/npm and links .tools/onnxruntime/libonnxruntime.so.1. Or set " + LibraryEnvironmentVariable
        + " to the path of an ONNX Runtime 1.30.x libonnxruntime.so.1.";

    private static readonly Lazy<OrtRuntime> LazyDefault = new(() => Load(null), LazyThreadSafetyMode.ExecutionAndPublication);

    private OrtRuntime(string libraryPath, nint library, OrtApi api, string version)
    {
        LibraryPath = libraryPath;
        LibraryHandle = library;
        Api = api;
        Version = version;

        nint env;
        // Severity 3 = ORT_LOGGING_LEVEL_ERROR: ORT otherwise writes its own warnings to stderr for every session.
        var logId = "liverscreen\0"u8;
        fixed (byte* id = logId)
        {
            api.Check(api.CreateEnv(3, id, &env));
        }

        Env = env;
        nint memoryInfo;
        api.Check(api.CreateCpuMemoryInfo(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &memoryInfo));
        CpuMemoryInfo = memoryInfo;
        nint allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        DefaultAllocator = allocator;
        AvailableProviders = ReadAvailableProviders(api);
    }

    /// <summary>The library found by <see cref="ResolveLibraryPath"/>; throws <see cref="OnnxRuntimeUnavailableException"/> when there is none.</summary>
    public static OrtRuntime Default => LazyDefault.Value;

    public string LibraryPath { get; }

    /// <summary>The library's own version string (GetVersionString), e.g. "1.30.0".</summary>
    public string Version { get; }

    /// <summary>Execution providers compiled into the library (e.g. CPUExecutionProvider, CUDAExecutionProvider); compiled in is not the same as usable.</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    internal nint LibraryHandle { get; }

    internal OrtApi Api { get; }

    internal nint Env { get; }

    internal nint CpuMemoryInfo { get; }

    internal nint DefaultAllocator { get; }

    /// <summary>Loads and checks the library at <paramref name="libraryPath"/>, or the one <see cref="ResolveLibraryPath"/> finds when null.</summary>
    public static OrtRuntime Load(string? libraryPath)
    {
        var path = libraryPath ?? ResolveLibraryPath(out var searched)
            ?? throw new OnnxRuntimeUnavailableException(
                "ONNX Runtime native library (libonnxruntime.so.1) not found. Looked at: " + string.Join(", ", searched) + ". " + FixHint);
        if (!File.Exists(path))
        {
            throw new OnnxRuntimeUnavailableException($"ONNX Runtime native library not found at '{path}'. {FixHint}");
        }

        nint library;
        try
        {
            library = NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw new OnnxRuntimeUnavailableException($"ONNX Runtime native library at '{path}' could not be loaded: {e.Message}. {FixHint}", e);
        }
        catch (BadImageFormatException e)
        {
            throw new OnnxRuntimeUnavailableException($"'{path}' is not a loadable native library for this platform: {e.Message}. {FixHint}", e);
        }

        if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
        {
            throw new OnnxRuntimeUnavailableException($"'{path}' loads but does not export OrtGetApiBase: it is not ONNX Runtime. {FixHint}");
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t); const char* (*GetVersionString)(void); }
        var apiBase = (nint*)((delegate* unmanaged[Cdecl]<nint>)getApiBase)();
        var getVersion = (delegate* unmanaged[Cdecl]<byte*>)apiBase[1];
        var version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "(none)";
        var problem = CheckVersion(version);
        if (problem is not null)
        {
            throw new OnnxRuntimeUnavailableException($"ONNX Runtime at '{path}' {problem} {FixHint}");
        }

        var getApi = (delegate* unmanaged[Cdecl]<uint, nint>)apiBase[0];
        var table = getApi(ApiVersion);
        if (table == 0)
        {
            throw new OnnxRuntimeUnavailableException(
                $"ONNX Runtime {version} at '{path}' does not provide C API version {ApiVersion}. {FixHint}");
        }

        return new OrtRuntime(path, library, new OrtApi(table), version);
    }

    /// <summary>Null when <paramref name="version"/> is a release this binding supports, else the reason it is not (pure; tested).</summary>
    public static string? CheckVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var parts = version.Split('.');
        if (parts.Length < 2 || !int.TryParse(parts[0], out _) || !int.TryParse(parts[1], out _))
        {
            return $"reports version '{version}', which is not a version number; LiverScreen needs {RequiredVersion}.x.";
        }

        return parts[0] + "." + parts[1] == RequiredVersion
            ? null
            : $"is version {version}, but LiverScreen's binding was checked against {RequiredVersion}.x "
              + "(the function table is append-only, yet newer or older releases are not tested): install 1.30.x.";
    }

    /// <summary>
    /// Where libonnxruntime.so.1 is: $LIVERSCREEN_ORT_LIBRARY, then $LIVERSCREEN_HOME/.tools/onnxruntime/, then
    /// .tools/onnxruntime/ in any folder above the program (so tests and `dotnet run` find the checkout's copy).
    /// </summary>
    public static string? ResolveLibraryPath(out IReadOnlyList<string> searched)
    {
        var looked = new List<string>();
        searched = looked;
        var fromEnv = Environment.GetEnvironmentVariable(LibraryEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            looked.Add($"{LibraryEnvironmentVariable}={fromEnv}");
            // An explicit setting wins even when wrong, so the error names the file the user pointed at.
            return fromEnv;
        }

        const string relative = ".tools/onnxruntime/libonnxruntime.so.1";
        var home = Environment.GetEnvironmentVariable("LIVERSCREEN_HOME");
        if (!string.IsNullOrWhiteSpace(home))
        {
            var candidate = Path.Combine(home, relative);
            looked.Add(candidate);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        looked.Add($"{relative} in every folder above {AppContext.BaseDirectory}");
        return null;
    }

    internal static byte[] Utf8Z(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }

    private static string[] ReadAvailableProviders(OrtApi api)
    {
        byte** names;
        int count;
        api.Check(api.GetAvailableProviders(&names, &count));
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }

            return result;
        }
        finally
        {
            api.Check(api.ReleaseAvailableProviders(names, count));
        }
    }
}
