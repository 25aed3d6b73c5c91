using System.Diagnostics;
using LiverScreen.LocalServers;

namespace LiverScreen.Distributed.Tests;

/// <summary>The server CPU figure of `bench pipeline --distributed` counts grandchildren, live or already reaped.</summary>
public sealed class ProcessTreeCpuTests
{
    [Fact]
    public async Task Counts_the_cpu_of_a_busy_grandchild_and_nothing_for_unknown_pids()
    {
        Assert.True(OperatingSystem.IsLinux(), "the servers and this accounting are Linux-only here");
        // An idle parent shell whose child shell busy-loops for a while, exits (reaped: it moves to the parent's
        // cutime), and the parent then sleeps so it is still alive when measured.
        using var parent = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done'; sleep 30"])
        {
            UseShellExecute = false,
        })!;
        try
        {
            var before = ProcessTreeCpu.Seconds([parent.Id]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(25);
            double after;
            while ((after = ProcessTreeCpu.Seconds([parent.Id])) - before < 0.3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.True(after - before >= 0.3, $"busy grandchild counted {after - before:0.00} CPU-s");
            Assert.True(after - before <= (DateTime.UtcNow - parent.StartTime.ToUniversalTime()).TotalSeconds * Environment.ProcessorCount + 0.5);
            Assert.Equal(0, ProcessTreeCpu.Seconds([int.MaxValue]));
        }
        finally
        {
            parent.Kill(entireProcessTree: true);
        }
    }
}
