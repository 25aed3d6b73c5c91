namespace LiverScreen.Cli.Commands;

/// <summary>One run of `bench pipeline --distributed`: throughput, summed stage time, and storage and broker cost per
/// study (see <see cref="LiverScreen.Pipeline.Benchmarks.TransportMeter"/>). Upload time is reported, not counted.
/// CPU seconds per study: the bench process (it hosts every stage consumer) and the three locally started servers'
/// process trees, which share the same cores in this single-machine comparison.</summary>
public sealed record DistributedBenchRun(
    string Name,
    int Studies,
    int Failed,
    double WallSeconds,
    double StudiesPerHour,
    double StageMsPerStudy,
    double StorageMsPerStudy,
    double StorageMbPerStudy,
    double StorageCallsPerStudy,
    double PublishMsPerStudy,
    double PublishesPerStudy,
    double DeliveryMsPerStudy,
    double UploadSeconds,
    double WorkerCpuSecondsPerStudy = double.NaN,
    double ServerCpuSecondsPerStudy = double.NaN);
