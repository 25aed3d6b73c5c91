using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LiverScreen.Pipeline.Tests.TestDoubles;

/// <summary>
/// The real pipeline (consumers, definitions with their retry policies, SQLite results database with migrations,
/// local object store) on MassTransit's in-memory test harness, with <see cref="FakeStages"/> as stage services.
/// Each instance gets its own temp folder, so tests run in parallel.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private PipelineHarness(ServiceProvider provider, string root)
    {
        _provider = provider;
        Root = root;
    }

    public string Root { get; }

    public IServiceProvider Services => _provider;

    public ITestHarness Bus => _provider.GetRequiredService<ITestHarness>();

    public FakeStages Stages => _provider.GetRequiredService<FakeStages>();

    public static async Task<PipelineHarness> StartAsync(int retryLimit = 3)
    {
        var root = Path.Combine(Path.GetTempPath(), "liverscreen-pipeline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:LocalRoot"] = Path.Combine(root, "store"),
            ["Database:ConnectionString"] = "Data Source=" + Path.Combine(root, "results.db"),
            ["Pipeline:RetryLimit"] = retryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pipeline:RetryMinBackoffMs"] = "5",
            ["Pipeline:RetryMaxBackoffMs"] = "40",
        }).Build();

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(config);
        services.AddLogging();
        services.AddPipelineCore();
        services.AddSingleton<FakeStages>();
        services.AddSingleton<IIngestStage>(sp => sp.GetRequiredService<FakeStages>());
        services.AddSingleton<IAlignStage>(sp => sp.GetRequiredService<FakeStages>());
        services.AddSingleton<ISegmentStage>(sp => sp.GetRequiredService<FakeStages>());
        services.AddSingleton<IReclassifyStage>(sp => sp.GetRequiredService<FakeStages>());
        services.AddSingleton<ITriageStage>(sp => sp.GetRequiredService<FakeStages>());
        services.AddMassTransitTestHarness(bus => bus.AddPipelineComponents(WorkerSelection.All));

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var harness = provider.GetRequiredService<ITestHarness>();
        harness.TestTimeout = TimeSpan.FromSeconds(30);
        // Published.Any<T>() gives up after this long without bus activity. MassTransit's default (1.2 s) failed the
        // end-to-end batch test once on a 2-core machine under a load average of ~10 (a retry delay plus a slow SQLite
        // write left the bus quiet that long); negative checks ("nothing was published") now take 5 s instead.
        harness.TestInactivityTimeout = TimeSpan.FromSeconds(5);
        await harness.Start();
        return new PipelineHarness(provider, root);
    }

    public async Task<ResultsDbContext> DbAsync() =>
        await _provider.GetRequiredService<IDbContextFactory<ResultsDbContext>>().CreateDbContextAsync();

    /// <summary>Polls the database until <paramref name="condition"/> holds (the bus works asynchronously).</summary>
    public async Task WaitUntilAsync(Func<ResultsDbContext, Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            await using (var db = await DbAsync())
            {
                if (await condition(db))
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Condition not met within the timeout.");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bus.Stop();
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is not a test failure.
        }
    }
}
