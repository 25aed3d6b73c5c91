using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages;

/// <summary>One lesion after reclassification, as the results database and the report keep it.
/// <paramref name="Index"/> is 1-based within the study and is the idempotency key of the lesion row.
/// <paramref name="CenterLps"/> is in mm (reference grid); <paramref name="KeySlice"/> is the reference grid's z index
/// of the slice a reader should look at (the report renders it when an image renderer is wired).</summary>
public sealed record LesionFinding(
    int Index,
    LesionType Type,
    double DiameterMm,
    double VolumeMl,
    double Confidence,
    double CenterX,
    double CenterY,
    double CenterZ,
    int? KeySlice);
