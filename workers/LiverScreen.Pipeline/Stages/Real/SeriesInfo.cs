using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>One series as ingest saw it. <paramref name="Problem"/> is set (and <paramref name="VolumeKey"/> null) when
/// it could not be decoded; <paramref name="Evidence"/> is the phase identifier's reasoning.</summary>
public sealed record SeriesInfo(
    string SeriesInstanceUid,
    string? Description,
    Phase Phase,
    double Confidence,
    int Slices,
    string? VolumeKey,
    string? Problem,
    IReadOnlyList<string> Evidence);
