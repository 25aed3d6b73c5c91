using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// SQLite allows one writer at a time; when stage consumers collide, Microsoft.Data.Sqlite answers SQLITE_BUSY by
/// sleeping and retrying (about 150 ms a time), which dominated per-study overhead in `bench pipeline`. Queueing this
/// process's SaveChanges calls on one gate turns those sleeps into a short in-process wait. Other processes still meet
/// the busy timeout; PostgreSQL needs no gate.
/// </summary>
public sealed class SqliteWriteGate : SaveChangesInterceptor
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    // Which contexts hold the gate: release only what was acquired (a save cancelled while waiting holds nothing).
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> Holders = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken);
        if (eventData.Context is not null)
        {
            Holders.AddOrUpdate(eventData.Context, Gate);
        }

        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    private static void Release(DbContext? context)
    {
        if (context is not null && Holders.Remove(context))
        {
            Gate.Release();
        }
    }
}
