using LiverScreen.Contracts;
using LiverScreen.Pipeline.Batches;
using LiverScreen.Pipeline.Configuration;
using LiverScreen.Pipeline.Data;
using LiverScreen.Pipeline.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiverScreen.Pipeline.Tests.Hosting;

public sealed class When_workers_are_composed
{
    [Fact]
    public void Should_split_stages_into_gpu_and_cpu_pools()
    {
        Assert.Equal("segment,reclassify", WorkerSelection.ForPool(WorkerPool.Gpu).ToString());
        Assert.Equal("ingest,align,triage,aggregation", WorkerSelection.ForPool(WorkerPool.Cpu).ToString());
        Assert.Equal(6, WorkerSelection.All.Components.Count);
        Assert.Equal("align,triage", WorkerSelection.Parse(["Triage, align"]).ToString());
    }

    [Fact]
    public void Should_name_the_valid_stages_when_one_is_unknown()
    {
        var ex = Assert.Throws<ArgumentException>(() => WorkerSelection.Parse(["segment,resample"]));
        Assert.Contains("'resample'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("aggregation", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_fail_at_start_when_configuration_is_invalid()
    {
        var work = Path.Combine(Path.GetTempPath(), "liverscreen-host-tests", Guid.NewGuid().ToString("N"));
        Environment.SetEnvironmentVariable("Pipeline__RetryLimit", "-3");
        try
        {
            using var host = PipelineHost.Build(new PipelineHostSettings(work, WorkerSelection.All));
            var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
            Assert.Contains("RetryLimit", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Pipeline__RetryLimit", null);
        }
    }

    [Fact]
    public async Task Should_run_a_batch_on_the_embedded_host_and_fail_studies_at_unwired_stages()
    {
        var work = Path.Combine(Path.GetTempPath(), "liverscreen-host-tests", Guid.NewGuid().ToString("N"));
        using var host = PipelineHost.Build(new PipelineHostSettings(work, WorkerSelection.All));
        await host.StartAsync();
        try
        {
            Assert.Equal(TransportKind.InMemory, host.Services.GetRequiredService<IOptions<TransportOptions>>().Value.Kind);
            var id = Guid.NewGuid();
            await host.Services.GetRequiredService<BatchSubmitter>().SubmitAsync(id, "unwired", "test", [new IngestStudy(id, "s1", "/nowhere/s1"), new IngestStudy(id, "s2", "/nowhere/s2")], CancellationToken.None);

            var reader = host.Services.GetRequiredService<BatchProgressReader>();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            BatchProgress? p;
            while ((p = await reader.ReadAsync(id, CancellationToken.None))!.Status != BatchStatus.Completed && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.Equal(BatchStatus.Completed, p.Status);
            Assert.Equal(2, p.ByStatus[StudyStatus.Failed]);
            Assert.True(File.Exists(Path.Combine(work, "liverscreen.db")));
            Assert.True(File.Exists(Path.Combine(work, "store", p.ReportKey!.Replace('/', Path.DirectorySeparatorChar), "report.html")));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
