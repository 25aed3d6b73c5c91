namespace LiverScreen.Contracts;

/// <summary>One ingested series: its identified phase and where its HU volume is stored.</summary>
public sealed record SeriesVolumeRef(string SeriesInstanceUid, Phase Phase, double PhaseConfidence, string VolumeKey);
