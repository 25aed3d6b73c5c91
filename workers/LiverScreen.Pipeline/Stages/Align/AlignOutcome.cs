using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Align;

public sealed record AlignOutcome(string ReferenceSeriesInstanceUid, IReadOnlyList<AlignedPhaseRef> Phases);
