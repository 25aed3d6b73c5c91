using LiverScreen.Contracts;

namespace LiverScreen.Functions.Ingestion;

/// <summary>A named batch ready to submit: one IngestStudy command per study. <see cref="Source"/> is the folder or
/// manifest it came from.</summary>
public sealed record BatchPlan(Guid BatchId, string Name, string Source, IReadOnlyList<IngestStudy> Studies);
