using System.ComponentModel.DataAnnotations;

namespace LiverScreen.Pipeline.Configuration;

/// <summary>Configuration section "Pipeline": retry and concurrency of the stage endpoints. Read by the consumer
/// definitions only.</summary>
public sealed class PipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>Immediate in-process retries of a transient fault before the message goes to the stage's _error queue.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 4;

    /// <summary>First backoff interval; intervals grow exponentially up to <see cref="RetryMaxBackoffMs"/>.</summary>
    [Range(1, 600_000)]
    public int RetryMinBackoffMs { get; set; } = 250;

    [Range(1, 600_000)]
    public int RetryMaxBackoffMs { get; set; } = 10_000;

    /// <summary>Messages one process handles at once per stage. CPU-bound stages default to the 2 cores of the reference
    /// machine; the model stages to 1 (one inference saturates the cores / the GPU).</summary>
    [Range(1, 256)]
    public int IngestConcurrency { get; set; } = 2;

    [Range(1, 256)]
    public int AlignConcurrency { get; set; } = 2;

    [Range(1, 256)]
    public int SegmentConcurrency { get; set; } = 1;

    [Range(1, 256)]
    public int ReclassifyConcurrency { get; set; } = 1;

    [Range(1, 256)]
    public int TriageConcurrency { get; set; } = 2;
}
