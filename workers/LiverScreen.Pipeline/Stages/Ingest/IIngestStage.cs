using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Ingest;

/// <summary>Reads a study's DICOM series into HU volumes (stored through IObjectStore under <see cref="StageKeys"/>)
/// and identifies each series' phase. Throws <see cref="StageFailureException"/> for a permanent fault.</summary>
public interface IIngestStage
{
    Task<IngestOutcome> IngestAsync(IngestStudy command, CancellationToken cancellationToken);
}
