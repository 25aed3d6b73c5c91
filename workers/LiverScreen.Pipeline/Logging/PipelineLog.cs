using LiverScreen.Contracts;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Logging;

/// <summary>Source-generated log messages of the pipeline (event ids 8000-8099).</summary>
public static partial class PipelineLog
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Debug, Message = "Study {StudyKey} (batch {BatchId}): {Stage} started, attempt {Attempt}")]
    public static partial void StageStarted(this ILogger logger, Guid batchId, string studyKey, StageName stage, int attempt);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Debug, Message = "Study {StudyKey} (batch {BatchId}): {Stage} completed in {ElapsedMs:F0} ms")]
    public static partial void StageCompleted(this ILogger logger, Guid batchId, string studyKey, StageName stage, double elapsedMs);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Study {StudyKey} (batch {BatchId}): {Stage} already done for this input; republishing the stored output")]
    public static partial void StageRedelivered(this ILogger logger, Guid batchId, string studyKey, StageName stage);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Study {StudyKey} (batch {BatchId}) failed at {Stage}: {Code}: {Reason} (file: {File})")]
    public static partial void StageFailed(this ILogger logger, Guid batchId, string studyKey, StageName stage, string code, string reason, string? file);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Study {StudyKey} (batch {BatchId}): {Stage} hit a transient fault, will retry")]
    public static partial void StageTransientFault(this ILogger logger, Exception exception, Guid batchId, string studyKey, StageName stage);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Study {StudyKey} (batch {BatchId}) is already {Status}; {Stage} message ignored")]
    public static partial void StudyAlreadyTerminal(this ILogger logger, Guid batchId, string studyKey, StageName stage, string status);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Batch {BatchName} ({BatchId}) completed: {Completed} completed, {Failed} failed; report at {ReportKey}")]
    public static partial void BatchCompleted(this ILogger logger, string batchName, Guid batchId, int completed, int failed, string reportKey);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Error, Message = "Study {StudyKey} (batch {BatchId}): {Stage} message exhausted its retries and is in the error queue: {Error}")]
    public static partial void StageFaulted(this ILogger logger, Guid batchId, string studyKey, StageName stage, string error);

    [LoggerMessage(EventId = 8021, Level = LogLevel.Information, Message = "Replayed {Count} faulted message(s)")]
    public static partial void Replayed(this ILogger logger, int count);
}
