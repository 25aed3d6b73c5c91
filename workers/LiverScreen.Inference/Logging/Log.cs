using Microsoft.Extensions.Logging;

namespace LiverScreen.Inference.Logging;

/// <summary>Inference log events (ids 4000-4099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "ONNX Runtime {Version} loaded from {Path}; providers compiled in: {Providers}")]
    public static partial void RuntimeLoaded(ILogger logger, string version, string path, string providers);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Session for {ModelPath} created on {Provider} (intra-op threads {IntraOp}, optimisation {Optimization})")]
    public static partial void SessionCreated(ILogger logger, string modelPath, ExecutionProvider provider, int intraOp, GraphOptimization optimization);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Requested} execution provider unavailable, falling back to CPU as configured: {Reason}")]
    public static partial void ProviderFallback(ILogger logger, ExecutionProvider requested, string reason);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Model {Name} {Version} loaded from {Directory} (sha256 {Sha256}, card verified)")]
    public static partial void ModelLoaded(ILogger logger, string name, string version, string directory, string sha256);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Skipping unreadable model card {Path}: {Reason}")]
    public static partial void CardSkipped(ILogger logger, string path, string reason);
}
