using LiverScreen.Imaging;

namespace LiverScreen.Detection.Reclassification;

/// <summary>
/// A batch of reclassifier input patches: <see cref="Count"/> x <see cref="Channels"/> x Z x Y x X floats (NCZYX, x fastest).
/// Channels follow the model card: NC, AP, VP, DP (window-normalised HU inside the liver, -1 outside, 0 when the phase is
/// missing), then four presence channels (1 or 0).
/// </summary>
public sealed record PatchBatch(float[] Data, int Count, int Channels, Size3 Size)
{
    public int PatchVoxels => checked((int)Size.VoxelCount);
}
