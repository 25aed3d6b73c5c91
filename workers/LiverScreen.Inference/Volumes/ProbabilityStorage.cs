namespace LiverScreen.Inference.Volumes;

/// <summary>
/// How <see cref="ProbabilityMaps"/> keeps the per-class probabilities. Quantized8 stores round(p * 255) in one byte per
/// class and voxel (error at most 1/510): 13 classes of a 512 x 512 x 300 volume take 1 GB instead of 4 GB.
/// </summary>
public enum ProbabilityStorage
{
    Quantized8,
    FullPrecision,
}
