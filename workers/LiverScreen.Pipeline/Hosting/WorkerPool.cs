namespace LiverScreen.Pipeline.Hosting;

/// <summary>Worker pools, scaled separately: GPU holds the model stages, CPU the rest.</summary>
public enum WorkerPool
{
    /// <summary>segment + reclassify.</summary>
    Gpu,

    /// <summary>ingest + align + triage + aggregation.</summary>
    Cpu,

    /// <summary>Every stage in one process (the embedded default).</summary>
    All,
}
