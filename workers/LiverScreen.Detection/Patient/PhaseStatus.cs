using LiverScreen.Contracts;

namespace LiverScreen.Detection.Patient;

/// <summary>What the earlier stages could do with one series: its phase, whether it was readable and aligned, and why not.</summary>
public sealed record PhaseStatus(Phase Phase, string SeriesInstanceUid, bool Usable, string? Problem = null);
