using LiverScreen.Pipeline.Configuration;
using MassTransit;

namespace LiverScreen.Pipeline.Stages;

/// <summary>
/// The retry policy every stage endpoint uses: exponential backoff for transient faults only. Permanent faults
/// (<see cref="StageFailureException"/>) are handled inside the consumer and never reach this policy; programming errors
/// (argument, not-supported) are not retried either. After the last retry MassTransit moves the message to the
/// endpoint's _error queue and publishes Fault&lt;T&gt;, which <c>StageFaultConsumer</c> records for `replay`.
/// </summary>
public static class StageRetry
{
    public static void Configure(IReceiveEndpointConfigurator endpoint, PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        endpoint.UseMessageRetry(r =>
        {
            var min = TimeSpan.FromMilliseconds(options.RetryMinBackoffMs);
            var max = TimeSpan.FromMilliseconds(Math.Max(options.RetryMaxBackoffMs, options.RetryMinBackoffMs));
            if (options.RetryLimit == 0)
            {
                r.None();
            }
            else
            {
                r.Exponential(options.RetryLimit, min, max, min);
            }

            r.Ignore<StageFailureException>();
            r.Ignore<ArgumentException>();
            r.Ignore<NotSupportedException>();
        });
    }
}
