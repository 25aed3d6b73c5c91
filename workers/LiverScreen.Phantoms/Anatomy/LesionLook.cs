namespace LiverScreen.Phantoms.Anatomy;

/// <summary>How one lesion looks in one phase, as HU offsets from the lesion-free ("base") liver of that phase:
/// core, a rim from radius <see cref="RimStart"/> out, a central scar inside <see cref="ScarRadius"/>, mosaic texture.
/// A nodular rim exists only where the lesion's noise field exceeds <see cref="NoduleThreshold"/> (hemangioma's
/// discontinuous peripheral nodules). Absolute looks (cysts) ignore the liver: <see cref="Core"/> is the HU.</summary>
internal readonly record struct LesionLook(
    float Core,
    float Rim,
    float RimStart,
    float Scar,
    float ScarRadius,
    float Texture,
    bool NodularRim,
    float NoduleThreshold,
    bool Absolute);
