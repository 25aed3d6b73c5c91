using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Logging;
using LiverScreen.Pipeline.Stages;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Batches;

/// <summary>
/// Records a stage message that exhausted its retries (MassTransit publishes Fault&lt;T&gt; as it moves the message to
/// the _error queue): a durable copy for `replay`, and the stage state marked Faulted so progress shows the batch is
/// waiting on an operator. Keyed by the fault id, so a redelivered fault is recorded once.
/// </summary>
public sealed class StageFaultConsumer(IDbContextFactory<ResultsDbContext> dbFactory, TimeProvider clock, ILogger<StageFaultConsumer> logger)
    : IConsumer<Fault<IngestStudy>>, IConsumer<Fault<StudyIngested>>, IConsumer<Fault<StudyAligned>>, IConsumer<Fault<StudySegmented>>, IConsumer<Fault<StudyReclassified>>
{
    public Task Consume(ConsumeContext<Fault<IngestStudy>> context) =>
        RecordAsync(context, StageName.Ingest, context.Message.Message.BatchId, context.Message.Message.StudyKey, context.Message.Message);

    public Task Consume(ConsumeContext<Fault<StudyIngested>> context) =>
        RecordAsync(context, StageName.Align, context.Message.Message.BatchId, context.Message.Message.StudyKey, context.Message.Message);

    public Task Consume(ConsumeContext<Fault<StudyAligned>> context) =>
        RecordAsync(context, StageName.Segment, context.Message.Message.BatchId, context.Message.Message.StudyKey, context.Message.Message);

    public Task Consume(ConsumeContext<Fault<StudySegmented>> context) =>
        RecordAsync(context, StageName.Reclassify, context.Message.Message.BatchId, context.Message.Message.StudyKey, context.Message.Message);

    public Task Consume(ConsumeContext<Fault<StudyReclassified>> context) =>
        RecordAsync(context, StageName.Triage, context.Message.Message.BatchId, context.Message.Message.StudyKey, context.Message.Message);

    private async Task RecordAsync<T>(ConsumeContext<Fault<T>> context, StageName stage, Guid batchId, string studyKey, T message)
        where T : class
    {
        var ct = context.CancellationToken;
        var fault = context.Message;
        var exception = fault.Exceptions.FirstOrDefault();
        var error = exception is null ? "unknown" : $"{exception.ExceptionType}: {exception.Message}";
        logger.StageFaulted(batchId, studyKey, stage, error);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.FaultedMessages.FindAsync([fault.FaultId], ct) is null)
        {
            db.FaultedMessages.Add(new FaultedMessageRecord
            {
                Id = fault.FaultId,
                BatchId = batchId,
                StudyKey = studyKey,
                Stage = stage,
                MessageType = typeof(T).FullName!,
                MessageJson = JsonSerializer.Serialize(message, PipelineJson.Options),
                ExceptionType = exception?.ExceptionType ?? "",
                ExceptionMessage = exception?.Message ?? "",
                FaultedAt = clock.GetUtcNow(),
            });
        }

        var state = await db.StageStates.FindAsync([batchId, studyKey, stage], ct);
        if (state is not null && state.Status != StageStatus.Completed)
        {
            state.Status = StageStatus.Faulted;
            state.Error = error;
        }

        await db.SaveChangesAsync(ct);
    }
}
