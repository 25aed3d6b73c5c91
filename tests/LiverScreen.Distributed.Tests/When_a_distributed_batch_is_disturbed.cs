using System.Diagnostics;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Replay;
using LiverScreen.TestServers;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LiverScreen.Distributed.Tests;

/// <summary>
/// Issue 9's failure guarantees, on real servers (RabbitMQ, Azurite, PostgreSQL started as processes) with real
/// `liverscreen worker` processes running the deterministic synthetic stage set (tests/LiverScreen.Pipeline.TestStages,
/// loaded by configuration). "Same results" is checked against an undisturbed embedded run of the same studies.
/// </summary>
public sealed class When_a_distributed_batch_is_disturbed(RabbitMqFixture rabbit, AzuriteFixture azurite, PostgresFixture postgres, ITestOutputHelper output)
    : IClassFixture<RabbitMqFixture>, IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private static readonly string[] Studies = Enumerable.Range(1, 20).Select(i => $"study-{i:D3}").ToArray();

    /// <remarks>Both workers host every component, aggregation included (two `--pool all`): batch completion must
    /// happen once although two processes check it concurrently, and the victim may die while aggregating.</remarks>
    [ServerFact(ServerKind.RabbitMq, ServerKind.Azurite, ServerKind.Postgres)]
    public async Task Killing_one_of_two_full_workers_mid_batch_Should_leave_every_study_in_exactly_one_terminal_state_and_complete_the_batch_once()
    {
        var expected = await DistributedRun.UndisturbedAsync(Studies);
        await using var run = await DistributedRun.CreateAsync(rabbit.Server, azurite.Server, postgres.Server, retryLimit: 3);
        var stopwatch = Stopwatch.StartNew();
        run.StartWorker("a", "--pool", "all");
        var victim = run.StartWorker("b", "--pool", "all");
        await run.WaitWorkersReadyAsync(TimeSpan.FromSeconds(120));
        var completions = await run.WatchPublishesAsync<BatchCompleted>();
        var batchId = await run.SubmitAsync(Studies);

        await run.WaitTerminalAsync(batchId, 4, Patience);
        var before = await run.TerminalCountAsync(batchId);
        await victim.KillAsync();
        Assert.False(victim.IsAlive);
        output.WriteLine($"SIGKILLed worker b (pid {victim.Pid}) with {before}/{Studies.Length} studies terminal at {stopwatch.Elapsed.TotalSeconds:F1} s");
        run.StartWorker("b2", "--pool", "all");

        await run.WaitBatchCompletedAsync(batchId, Patience);
        output.WriteLine($"batch completed at {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(before < Studies.Length, "the kill must land mid-batch");
        await AssertSameResults(run, batchId, expected);

        // Every terminal event after the last study reaches some aggregator; only one may announce the batch.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1u, await completions());
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(run.AllLogs(), "Batch distributed-test \\(" + batchId + "\\) completed"));
    }

    [ServerFact(ServerKind.RabbitMq, ServerKind.Azurite, ServerKind.Postgres)]
    public async Task Restarting_the_broker_mid_batch_Should_leave_every_study_in_exactly_one_terminal_state_with_undisturbed_results()
    {
        Assert.False(rabbit.Server.IsExternal, "this test restarts the broker: it needs one the fixture started, not LIVERSCREEN_TEST_RABBITMQ");
        var expected = await DistributedRun.UndisturbedAsync(Studies);
        await using var run = await DistributedRun.CreateAsync(rabbit.Server, azurite.Server, postgres.Server, retryLimit: 5);
        var stopwatch = Stopwatch.StartNew();
        run.StartWorker("a", "--pool", "all");
        run.StartWorker("b", "--stages", "ingest,align,segment,reclassify,triage");
        var batchId = await run.SubmitAsync(Studies);

        await run.WaitTerminalAsync(batchId, 4, Patience);
        var before = await run.TerminalCountAsync(batchId);
        await rabbit.Server.RestartAsync();
        output.WriteLine($"broker restarted with {before}/{Studies.Length} studies terminal, took {rabbit.Server.LastStartupTime.TotalSeconds:F1} s to come back");

        await run.WaitBatchCompletedAsync(batchId, Patience);
        output.WriteLine($"batch completed at {stopwatch.Elapsed.TotalSeconds:F1} s");
        Assert.True(before < Studies.Length, "the restart must land mid-batch");
        await AssertSameResults(run, batchId, expected);
    }

    [ServerFact(ServerKind.RabbitMq, ServerKind.Azurite, ServerKind.Postgres)]
    public async Task Blob_storage_and_database_away_for_seconds_Should_be_retried_and_lose_nothing()
    {
        Assert.False(azurite.Server.IsExternal || postgres.Server.IsExternal, "this test stops blob storage and the database: it needs servers the fixtures started");
        var expected = await DistributedRun.UndisturbedAsync(Studies);
        await using var run = await DistributedRun.CreateAsync(rabbit.Server, azurite.Server, postgres.Server, retryLimit: 6);
        run.StartWorker("a", "--pool", "all");
        var batchId = await run.SubmitAsync(Studies);

        await run.WaitTerminalAsync(batchId, 3, Patience);
        await azurite.Server.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await azurite.Server.StartAsync();
        output.WriteLine($"blob storage away about 4 s (+{azurite.Server.LastStartupTime.TotalSeconds:F1} s start)");

        await run.WaitTerminalAsync(batchId, 8, Patience);
        await postgres.Server.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(4));
        await postgres.Server.StartAsync();
        output.WriteLine("database away about 4 s");

        await run.WaitBatchCompletedAsync(batchId, Patience);
        await AssertSameResults(run, batchId, expected);
    }

    [ServerFact(ServerKind.RabbitMq, ServerKind.Azurite, ServerKind.Postgres)]
    public async Task A_poison_message_Should_land_in_the_error_queue_after_its_retries_and_replay_should_bring_it_back()
    {
        string[] studies = ["study-101", "poison-102", "study-103"];
        var expected = await DistributedRun.UndisturbedAsync(["study-101", "study-103"]);
        await using var run = await DistributedRun.CreateAsync(rabbit.Server, azurite.Server, postgres.Server, retryLimit: 2);
        run.StartWorker("a", "--pool", "all");
        var batchId = await run.SubmitAsync(studies);

        await run.WaitTerminalAsync(batchId, 2, Patience);
        var replayer = ActivatorUtilities.CreateInstance<Pipeline.Transport.RabbitMqErrorQueueReplayer>(run.Services);
        IReadOnlyList<FaultedMessage> inError = [];
        var deadline = DateTime.UtcNow + Patience;
        while (inError.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            inError = await replayer.ListAsync(StageName.Align, CancellationToken.None);
        }

        var poisoned = Assert.Single(inError);
        Assert.Equal("poison-102", poisoned.StudyKey);
        Assert.Equal(batchId, poisoned.BatchId);
        Assert.Contains("not healed", poisoned.Error, StringComparison.Ordinal);
        Assert.Equal(2, await run.TerminalCountAsync(batchId)); // the poisoned study waits, it is not failed

        // Fix the cause, then `liverscreen replay` moves it back; the worker finishes it and the batch completes.
        await File.WriteAllTextAsync(Path.Combine(run.HealDirectory, "poison-102"), "healed");
        var (exit, replayOutput) = await WorkerProcess.RunAsync(Path.Combine(run.Work, "replay.log"), run.Environment, Patience,
            "replay", "--out", Path.Combine(run.Work, "replay"), "--json");
        output.WriteLine(replayOutput);
        Assert.True(exit == 0, $"replay exited {exit}: {replayOutput}\n{run.Logs()}");
        Assert.Contains("poison-102", replayOutput, StringComparison.Ordinal);

        await run.WaitBatchCompletedAsync(batchId, Patience);
        Assert.Empty(await replayer.ListAsync(null, CancellationToken.None));
        var results = await run.ResultsAsync(batchId);
        Assert.Equal(3, results.Count);
        Assert.All(results.Values, r => Assert.StartsWith("Completed [", r, StringComparison.Ordinal));
        Assert.Equal(expected["study-101"], results["study-101"]);
        Assert.Equal(expected["study-103"], results["study-103"]);
    }

    private async Task AssertSameResults(DistributedRun run, Guid batchId, SortedDictionary<string, string> expected)
    {
        var actual = await run.ResultsAsync(batchId);
        Assert.Equal(Studies.Length, expected.Count);
        Assert.All(expected.Values, r => Assert.StartsWith("Completed [", r, StringComparison.Ordinal));
        Assert.Equal(expected, actual); // one row per study, one decision each, the same lesions
        Assert.Equal(0, await run.IncompleteStageRowsAsync(batchId));
        output.WriteLine(string.Join("\n", actual.Select(kv => $"{kv.Key}: {kv.Value}")));
    }
}
