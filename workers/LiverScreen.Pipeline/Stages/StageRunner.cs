using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Logging;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Stages;

/// <summary>
/// The part every stage consumer shares, so each consumer stays a few lines: idempotency keyed on (study, stage,
/// input hash), stage-state bookkeeping and timings, permanent faults turned into <see cref="StudyFailed"/>, and the
/// publish of the next message. Transient exceptions propagate so the endpoint's retry policy handles them.
/// </summary>
public sealed class StageRunner(IDbContextFactory<ResultsDbContext> dbFactory, TimeProvider clock, ILogger<StageRunner> logger)
{
    public async Task RunAsync<TIn, TOut>(
        ConsumeContext<TIn> context,
        StageName stage,
        Guid batchId,
        string studyKey,
        string? studyInstanceUid,
        Func<CancellationToken, Task<StageOutput<TOut>>> run)
        where TIn : class
        where TOut : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var ct = context.CancellationToken;
        var inputHash = MessageHash.Of(context.Message);

        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var study = await FindOrAddStudyAsync(db, batchId, studyKey, ct);
            if (study.Status == StudyStatus.Failed)
            {
                // A late redelivery must not resurrect a study that already ended in a permanent fault.
                logger.StudyAlreadyTerminal(batchId, studyKey, stage, study.Status.ToString());
                return;
            }

            var state = await db.StageStates.FindAsync([batchId, studyKey, stage], ct);
            if (state is { Status: StageStatus.Completed, OutputJson: not null } && state.InputHash == inputHash)
            {
                // Same input as a completed run: the results are already stored. Publish the stored output again (the
                // first publish may have been lost with a crash); downstream stages are idempotent in turn.
                logger.StageRedelivered(batchId, studyKey, stage);
                var stored = JsonSerializer.Deserialize<TOut>(state.OutputJson, PipelineJson.Options)
                    ?? throw new InvalidOperationException($"Stored output of {stage} for study {studyKey} is empty.");
                await context.Publish(stored, ct);
                return;
            }

            if (state is null)
            {
                state = new StageStateRecord { BatchId = batchId, StudyKey = studyKey, Stage = stage };
                db.StageStates.Add(state);
            }

            state.Status = StageStatus.Running;
            state.InputHash = inputHash;
            state.Attempts++;
            state.StartedAt = clock.GetUtcNow();
            state.Error = null;
            study.Status = StudyStatus.Running;
            study.CurrentStage = stage;
            await db.SaveChangesAsync(ct);
            logger.StageStarted(batchId, studyKey, stage, state.Attempts);
        }

        var started = clock.GetTimestamp();
        StageOutput<TOut> output;
        try
        {
            output = await run(ct);
        }
        catch (StageFailureException failure)
        {
            await RecordFailureAsync(batchId, studyKey, stage, failure, ct);
            await context.Publish(new StudyFailed(batchId, studyKey, studyInstanceUid, stage, failure.Code, failure.Message, failure.File), ct);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.StageTransientFault(ex, batchId, studyKey, stage);
            throw;
        }

        var elapsed = clock.GetElapsedTime(started);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var study = await FindOrAddStudyAsync(db, batchId, studyKey, ct);
            var state = await db.StageStates.FindAsync([batchId, studyKey, stage], ct)
                ?? throw new InvalidOperationException($"Stage state of {stage} for study {studyKey} disappeared while the stage ran.");
            state.Status = StageStatus.Completed;
            state.OutputJson = JsonSerializer.Serialize(output.Message, PipelineJson.Options);
            state.CompletedAt = clock.GetUtcNow();
            state.DurationMs = elapsed.TotalMilliseconds;
            state.InferenceMs = output.InferenceTime.TotalMilliseconds;
            state.ModelName = output.Model?.Name;
            state.ModelVersion = output.Model?.Version;
            if (output.Persist is not null)
            {
                await output.Persist(db, study, ct);
            }

            await db.SaveChangesAsync(ct);
        }

        logger.StageCompleted(batchId, studyKey, stage, elapsed.TotalMilliseconds);
        await context.Publish(output.Message, ct);
    }

    private async Task RecordFailureAsync(Guid batchId, string studyKey, StageName stage, StageFailureException failure, CancellationToken ct)
    {
        logger.StageFailed(batchId, studyKey, stage, failure.Code, failure.Message, failure.File);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var study = await FindOrAddStudyAsync(db, batchId, studyKey, ct);
        var state = await db.StageStates.FindAsync([batchId, studyKey, stage], ct);
        if (state is not null)
        {
            state.Status = StageStatus.Failed;
            state.Error = $"{failure.Code}: {failure.Message}";
            state.CompletedAt = clock.GetUtcNow();
        }

        study.Status = StudyStatus.Failed;
        study.FailureStage = stage;
        study.FailureCode = failure.Code;
        study.FailureReason = failure.Message;
        study.FailureFile = failure.File;
        study.CompletedAt = clock.GetUtcNow();

        // A failed study is a technical failure for the coordinator: it needs a rescan or a manual read.
        var decision = await db.TriageDecisions.FindAsync([batchId, studyKey], ct);
        if (decision is null)
        {
            decision = new TriageDecisionRecord { BatchId = batchId, StudyKey = studyKey };
            db.TriageDecisions.Add(decision);
        }

        decision.Category = TriageCategory.TechnicalFailure;
        decision.Confidence = 1.0;
        decision.Reason = $"{failure.Code}: {failure.Message}";
        decision.ResultKey = "";
        decision.DecidedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    private static async Task<StudyRecord> FindOrAddStudyAsync(ResultsDbContext db, Guid batchId, string studyKey, CancellationToken ct)
    {
        var study = await db.Studies.FindAsync([batchId, studyKey], ct);
        if (study is not null)
        {
            return study;
        }

        // A message for a study the submitter did not record (e.g. sent by hand): track it anyway so it shows up.
        study = new StudyRecord { BatchId = batchId, StudyKey = studyKey, Status = StudyStatus.Pending, SubmittedAt = DateTimeOffset.UtcNow };
        db.Studies.Add(study);
        return study;
    }
}
