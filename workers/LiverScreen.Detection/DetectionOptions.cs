using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Patient;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Detection.Segmentation;

namespace LiverScreen.Detection;

/// <summary>Everything the detection core can be tuned by (bind from configuration section "Detection").</summary>
public sealed record DetectionOptions
{
    public OperatingPoint Base { get; init; } = OperatingPoint.Base;

    public OperatingPoint High { get; init; } = OperatingPoint.High;

    public Seg2DetOptions Seg2Det { get; init; } = Seg2DetOptions.Default;

    public ReclassificationOptions Reclassification { get; init; } = ReclassificationOptions.Default;

    public TriageOptions Triage { get; init; } = TriageOptions.Default;

    /// <summary>Keep only the largest connected liver component at each operating point (<see cref="LiverComponent"/>)
    /// before seg2det and the coverage check.</summary>
    public bool KeepLargestLiverComponent { get; init; } = true;

    /// <summary>Remove the liver and lesion labels above a waist in the liver's cross-section below its dome
    /// (<see cref="LiverDome"/>): the waist must be at most this share of the widest slice above it; 0 turns it off.
    /// 0.75 is the smallest ratio (the deepest waist asked for) that clears every top-end "liver cut off" of the tuning
    /// cohort's screening studies (docs/detection.md, "The liver's dome").</summary>
    public double DomeWaistRatio { get; init; } = 0.75;

    /// <summary>Seed of the reclassifier's patch augmentation: the same study and seed give the same result.</summary>
    public int Seed { get; init; } = 2002;

    public static DetectionOptions Default { get; } = new();
}
