namespace LiverScreen.Pipeline.Hosting;

/// <summary>The components one process hosts: a pool, or an explicit list of stages.</summary>
public sealed record WorkerSelection(IReadOnlySet<PipelineComponent> Components)
{
    public static WorkerSelection All { get; } = ForPool(WorkerPool.All);

    public static WorkerSelection ForPool(WorkerPool pool) => new(pool switch
    {
        WorkerPool.Gpu => new HashSet<PipelineComponent> { PipelineComponent.Segment, PipelineComponent.Reclassify },
        WorkerPool.Cpu => new HashSet<PipelineComponent> { PipelineComponent.Ingest, PipelineComponent.Align, PipelineComponent.Triage, PipelineComponent.Aggregation },
        WorkerPool.All => Enum.GetValues<PipelineComponent>().ToHashSet(),
        _ => throw new ArgumentOutOfRangeException(nameof(pool), pool, "Unknown worker pool."),
    });

    /// <summary>Parses names such as "segment,reclassify" (case-insensitive). Throws with the list of valid names.</summary>
    public static WorkerSelection Parse(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var set = new HashSet<PipelineComponent>();
        foreach (var raw in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse<PipelineComponent>(raw, ignoreCase: true, out var component) || !Enum.IsDefined(component))
            {
                var valid = string.Join(", ", Enum.GetNames<PipelineComponent>().Select(n => n.ToLowerInvariant()));
                throw new ArgumentException($"Unknown stage '{raw}'. Valid stages: {valid}.", nameof(names));
            }

            set.Add(component);
        }

        return new WorkerSelection(set);
    }

    public bool Has(PipelineComponent component) => Components.Contains(component);

    public override string ToString() => string.Join(",", Components.Order().Select(c => c.ToString().ToLowerInvariant()));
}
