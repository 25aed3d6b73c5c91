namespace LiverScreen.Detection.Segmentation;

/// <summary>
/// A lesion-sensitivity operating point of paper 002 Eq. 3: every lesion-class probability (HCC..Cyst) is multiplied by
/// <see cref="LesionScale"/> before the argmax of Eq. 2. Scale 1 is the plain nnU-Net argmax ("Base", section IV-C3).
/// </summary>
public sealed record OperatingPoint(string Name, float LesionScale)
{
    /// <summary>Base sensitivity: the unmodified argmax (paper 002 IV-C3 uses factor 1 for Base).</summary>
    public static OperatingPoint Base { get; } = new("base", 1f);

    /// <summary>
    /// High sensitivity. The paper's value is stripped from the text; we use 3: against a single competing class (liver),
    /// a lesion class then wins wherever p_lesion * 3 &gt; 1 - p_lesion, i.e. p_lesion &gt; 0.25 instead of 0.5. That is
    /// enough to recover the weak small-lesion signals of Fig. 3 (4) while the reclassifier (Eq. 8-11) removes the extra
    /// false positives. Configurable through <see cref="DetectionOptions"/>.
    /// </summary>
    public static OperatingPoint High { get; } = new("high", 3f);
}
