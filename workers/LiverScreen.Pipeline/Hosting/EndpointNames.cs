namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// Receive-endpoint (queue) names. They are part of the operational contract: autoscalers scale each pool on these
/// queues' depth and `replay` drains "{name}_error". Never rename one without a migration note in docs/pipeline.md.
/// </summary>
public static class EndpointNames
{
    public const string Ingest = "liverscreen-ingest";
    public const string Align = "liverscreen-align";
    public const string Segment = "liverscreen-segment";
    public const string Reclassify = "liverscreen-reclassify";
    public const string Triage = "liverscreen-triage";
    public const string BatchTracking = "liverscreen-batch-tracking";
    public const string StageFaults = "liverscreen-stage-faults";

    /// <summary>MassTransit's convention for where a message goes after its retries are exhausted.</summary>
    public static string ErrorQueue(string endpoint) => endpoint + "_error";
}
