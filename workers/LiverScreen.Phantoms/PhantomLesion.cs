using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms;

/// <summary>A lesion's ground truth (truth.json "lesions"): everything in reference-phase patient coordinates (LPS mm).
/// <see cref="VolumeCc"/> and the box are integrated from the analytic shape; <see cref="DiameterMm"/> is the box's
/// largest edge.</summary>
public sealed record PhantomLesion(
    int Id,
    LesionType Type,
    Vec3 CenterLps,
    double VolumeCc,
    double DiameterMm,
    Vec3 BboxMin,
    Vec3 BboxMax,
    bool AtLiverBoundary);
