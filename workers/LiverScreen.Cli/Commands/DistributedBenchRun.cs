namespace LiverScreen.Cli.Commands;

/// <summary>One run of `bench pipeline --distributed`: throughput, summed stage time, and storage and broker cost per
/// study (see <see cref="LiverScreen.Pipeline.Benchmarks.TransportMeter"/>). Upload time is reported, not counted.</summary>
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
    double UploadSeconds);
