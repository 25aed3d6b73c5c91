using LiverScreen.Inference.Runtime;

namespace LiverScreen.Inference.Tests;

[Collection(ProcessMemoryGroup.Name)]
public sealed class SessionLifetimeTests
{
    private static string Pointwise => Path.Combine(TestModels.Pointwise, "model.onnx");

    [Fact]
    public void Ten_thousand_runs_leave_memory_and_handles_flat()
    {
        using var session = TestModels.Engine.CreateSession(Pointwise, new InferenceOptions { IntraOpThreads = 1 });
        // ORT allocates each 64 KB output; a leaked OrtValue per run would grow RSS by 640 MB over 10,000 runs.
        var input = NamedTensor.Allocate("image", 1, 8, 8, 16, 16);
        for (var i = 0; i < 500; i++)
        {
            session.Run([input]);
        }

        var (rssBefore, fdsBefore) = (Rss(), Fds());
        for (var i = 0; i < 10_000; i++)
        {
            session.Run([input]);
        }

        GC.Collect();
        var (rssAfter, fdsAfter) = (Rss(), Fds());

        Assert.True(rssAfter - rssBefore < 48L << 20, $"RSS grew {(rssAfter - rssBefore) >> 20} MB over 10,000 runs");
        Assert.InRange(fdsAfter - fdsBefore, -8, 8);
    }

    [Fact]
    public void Creating_and_disposing_sessions_releases_them()
    {
        for (var i = 0; i < 20; i++)
        {
            TestModels.Engine.CreateSession(Pointwise, new InferenceOptions { IntraOpThreads = 1 }).Dispose();
        }

        var (rssBefore, fdsBefore) = (Rss(), Fds());
        for (var i = 0; i < 300; i++)
        {
            using var s = TestModels.Engine.CreateSession(Pointwise, new InferenceOptions { IntraOpThreads = 1 });
            s.Run([NamedTensor.Allocate("image", 1, 8, 4, 4, 4)]);
        }

        GC.Collect();
        Assert.True(Rss() - rssBefore < 48L << 20, $"RSS grew {(Rss() - rssBefore) >> 20} MB over 300 sessions");
        Assert.InRange(Fds() - fdsBefore, -8, 8);
    }

    [Fact]
    public void Disposed_session_refuses_to_run()
    {
        var session = TestModels.Engine.CreateSession(Pointwise, new InferenceOptions { IntraOpThreads = 1 });
        session.Dispose();
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run([NamedTensor.Allocate("image", 1, 8, 4, 4, 4)]));
    }

    [Fact]
    public async Task Dispose_while_other_threads_run_lets_them_finish_and_refuses_later_runs()
    {
        var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);
        var input = NamedTensor.Allocate("image", 1, 8, 8, 16, 16);
        using var running = new CountdownEvent(2);
        var runners = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            var completed = 0;
            try
            {
                while (true)
                {
                    Assert.Equal(new long[] { 1, 8, 8, 16, 16 }, session.Run([input])[0].Shape);
                    if (++completed == 1)
                    {
                        running.Signal();
                    }
                }
            }
            catch (ObjectDisposedException)
            {
                return completed;
            }
        })).ToArray();

        running.Wait(TimeSpan.FromSeconds(30));
        session.Dispose();
        var counts = await Task.WhenAll(runners);

        Assert.All(counts, c => Assert.True(c >= 1));
    }

    [Fact]
    public async Task Concurrent_runs_on_one_shared_session_each_get_their_own_result()
    {
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);
        var inputs = Enumerable.Range(0, 4).Select(k =>
        {
            var t = NamedTensor.Allocate("image", 1, 8, 8, 16, 16);
            var rng = new Random(k);
            foreach (ref var v in t.Data.Span)
            {
                v = (float)((rng.NextDouble() * 2) - 1);
            }

            return t;
        }).ToArray();
        var expected = inputs.Select(t => session.Run([t])[0].Data.ToArray()).ToArray();

        var tasks = Enumerable.Range(0, 4).Select(k => Task.Run(() =>
        {
            for (var r = 0; r < 40; r++)
            {
                var got = session.Run([inputs[k]])[0].Data.Span;
                Assert.True(got.SequenceEqual(expected[k]), $"thread {k}, run {r} got another input's output");
            }
        }));
        await Task.WhenAll(tasks);
    }

    private static long Rss()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    private static int Fds() => Directory.GetFiles("/proc/self/fd").Length;
}
