using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>One phase after alignment: used downstream only when <paramref name="Passed"/>. <paramref name="Problem"/>
/// says why not (registration QA failed, undecodable, a duplicate of a better series).</summary>
public sealed record AlignedPhaseInfo(Phase Phase, string SeriesInstanceUid, bool Passed, string? Problem, double? NmiAfter, double ElapsedMs);
