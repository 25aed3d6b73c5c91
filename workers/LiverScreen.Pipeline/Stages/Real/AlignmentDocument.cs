using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>What align decided (stored at <c>align/alignment.json</c>): the reference series and phase, the working grid
/// spacing (mm, from the segmentation model's card) and every phase with its QA verdict and reason.</summary>
public sealed record AlignmentDocument(
    string ReferenceSeriesInstanceUid,
    Phase ReferencePhase,
    double[] SpacingMm,
    IReadOnlyList<AlignedPhaseInfo> Phases);
