using LiverScreen.Contracts;
using LiverScreen.Pipeline.Data;

namespace LiverScreen.Pipeline.Stages;

/// <summary>
/// What a consumer hands back to <see cref="StageRunner"/>: the next message, how to record the stage's results in
/// the database (run in the same SaveChanges as the stage state, so both land or neither does), the time spent in model
/// inference and the model used.
/// </summary>
public sealed record StageOutput<TMessage>(
    TMessage Message,
    Func<ResultsDbContext, StudyRecord, CancellationToken, Task>? Persist = null,
    TimeSpan InferenceTime = default,
    ModelRef? Model = null)
    where TMessage : class;
