namespace LiverScreen.Pipeline.Hosting;

/// <summary>What a worker process can host: the five stages and the batch tracker (aggregation, fault recording).</summary>
public enum PipelineComponent
{
    Ingest,
    Align,
    Segment,
    Reclassify,
    Triage,
    Aggregation,
}
