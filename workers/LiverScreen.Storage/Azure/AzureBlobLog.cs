using Microsoft.Extensions.Logging;

namespace LiverScreen.Storage.Azure;

/// <summary>Source-generated log messages of the Azure Blob store (event ids 7100-7199).</summary>
internal static partial class AzureBlobLog
{
    [LoggerMessage(EventId = 7100, Level = LogLevel.Warning, Message = "Azure Blob {Operation} of '{Container}/{Key}' failed (attempt {Attempt}: {Reason}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string operation, string container, string key, int attempt, string reason, double delayMs);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Azure Blob read of '{Container}/{Key}' broke at byte {Position} ({Reason}); resuming with a ranged read")]
    public static partial void ResumingRead(ILogger logger, string container, string key, long position, string reason);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Created Azure Blob container '{Container}'")]
    public static partial void ContainerCreated(ILogger logger, string container);
}
