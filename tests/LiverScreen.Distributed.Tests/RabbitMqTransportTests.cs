using System.Text;
using LiverScreen.Contracts;
using LiverScreen.Pipeline.Transport;
using LiverScreen.TestServers;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace LiverScreen.Distributed.Tests;

/// <summary>MassTransit over a real RabbitMQ 3.10 broker started for this class.</summary>
public sealed class RabbitMqTransportTests(RabbitMqFixture rabbit) : IClassFixture<RabbitMqFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [ServerFact(ServerKind.RabbitMq)]
    public async Task When_a_contract_message_is_published_Should_reach_the_consumer_through_a_quorum_queue_with_confirms_and_prefetch()
    {
        var queue = "segment-" + Guid.NewGuid().ToString("N")[..8];
        var probe = new Probe();
        await using var provider = BuildBus(probe, queue, poison: false);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(Patience).Token);
        try
        {
            var sent = new IngestStudy(Guid.NewGuid(), "study-042", "uploads/study-042/");
            await bus.Publish(sent);
            var received = await probe.Received.Task.WaitAsync(Patience);

            Assert.Equal(sent, received);
            // What the broker itself says about the endpoint and the channels:
            var queues = await Tool("rabbitmqctl", "list_queues", "-q", "name", "type");
            Assert.Contains($"{queue}\tquorum", queues, StringComparison.Ordinal);
            var consumers = await Tool("rabbitmqctl", "list_consumers", "-q", "queue_name", "prefetch_count");
            Assert.Contains($"{queue}\t1", consumers, StringComparison.Ordinal); // segment: one study at a time
            var channels = await Tool("rabbitmqctl", "list_channels", "-q", "confirm");
            Assert.Contains("true", channels, StringComparison.Ordinal);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [ServerFact(ServerKind.RabbitMq)]
    public async Task When_a_message_keeps_failing_Should_be_retried_then_land_in_the_error_queue()
    {
        var queue = "triage-" + Guid.NewGuid().ToString("N")[..8];
        var probe = new Probe();
        await using var provider = BuildBus(probe, queue, poison: true);
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(Patience).Token);
        BasicGetResult? dead;
        try
        {
            // The endpoint's own exchange: a "queue:" address would redeclare the queue as classic and clash with quorum.
            var endpoint = await bus.GetSendEndpoint(new Uri($"exchange:{queue}"));
            await endpoint.Send(new IngestStudy(Guid.NewGuid(), "poison-study-7", "uploads/poison-study-7/"));
            dead = await GetFromQueueAsync($"{queue}_error");
        }
        finally
        {
            await bus.StopAsync();
        }

        Assert.NotNull(dead);
        Assert.Equal(1 + PoisonConsumerDefinition.Retries, probe.Attempts);
        Assert.Contains("poison-study-7", Encoding.UTF8.GetString(dead.Body.Span), StringComparison.Ordinal);
        var exceptionType = Encoding.UTF8.GetString((byte[])dead.BasicProperties.Headers!["MT-Fault-ExceptionType"]!);
        Assert.Equal(typeof(InvalidDataException).FullName, exceptionType);
    }

    private ServiceProvider BuildBus(Probe probe, string queue, bool poison)
    {
        var services = new ServiceCollection();
        services.AddSingleton(probe);
        services.AddMassTransit(x =>
        {
            if (poison)
                x.AddConsumer<PoisonConsumer, PoisonConsumerDefinition>().Endpoint(e => e.Name = queue);
            else
                x.AddConsumer<ProbeConsumer>().Endpoint(e => e.Name = queue);
            x.UsingLiverScreenRabbitMq(new RabbitMqBrokerOptions { Uri = rabbit.Server.AmqpUri });
        });
        return services.BuildServiceProvider();
    }

    private async Task<string> Tool(string tool, params string[] arguments)
    {
        var (code, output) = await rabbit.Server.RunToolAsync(tool, arguments);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} failed: {output}");
        return output;
    }

    private async Task<BasicGetResult?> GetFromQueueAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = rabbit.Server.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await channel.BasicGetAsync(queue, autoAck: true) is { } result)
                    return result;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // The error queue does not exist until MassTransit moves the first fault there.
                await channel.DisposeAsync();
                return await GetFromQueueLaterAsync(queue, deadline);
            }

            await Task.Delay(200);
        }

        return null;
    }

    private async Task<BasicGetResult?> GetFromQueueLaterAsync(string queue, DateTime deadline)
    {
        await Task.Delay(300);
        return DateTime.UtcNow < deadline ? await GetFromQueueAsync(queue) : null;
    }
}
