using LiverScreen.Contracts;
using LiverScreen.Pipeline.Transport;

namespace LiverScreen.Distributed.Tests;

public sealed class RabbitMqBrokerOptionsTests
{
    [Fact]
    public void When_no_broker_address_is_configured_Should_name_the_variable_and_setting_to_set()
    {
        var errors = new RabbitMqBrokerOptions().ApplyEnvironment(_ => null).Validate();

        var message = Assert.Single(errors);
        Assert.Contains(RabbitMqBrokerOptions.UriVariable, message, StringComparison.Ordinal);
        Assert.Contains("Transport__RabbitMq__Uri", message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => new RabbitMqBrokerOptions().ThrowIfInvalid());
    }

    [Fact]
    public void When_the_address_is_not_amqp_Should_reject_it()
    {
        var options = new RabbitMqBrokerOptions().ApplyEnvironment(v => v == RabbitMqBrokerOptions.UriVariable ? "http://broker:15672/" : null);

        Assert.Contains(options.Validate(), e => e.Contains("amqp://", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("segment", 1)]
    [InlineData("segment-study", 1)]
    [InlineData("reclassify", 1)]
    [InlineData("triage", 16)]
    [InlineData("align", 2)]
    [InlineData("segmentation-report", 8)] // not the segment stage: only whole kebab words match
    [InlineData("batch-aggregate", 8)]
    public void When_a_queue_belongs_to_a_stage_Should_get_that_stage_s_prefetch(string queue, int expected)
    {
        var options = new RabbitMqBrokerOptions();

        Assert.Equal(expected, RabbitMqTransport.PrefetchFor(queue, options));
    }

    [Fact]
    public void When_a_stage_prefetch_is_overridden_Should_use_the_override()
    {
        var options = new RabbitMqBrokerOptions();
        options.StagePrefetch[StageName.Segment] = 3;

        Assert.Equal(3, RabbitMqTransport.PrefetchFor("segment", options));
    }
}
