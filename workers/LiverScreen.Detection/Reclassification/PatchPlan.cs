namespace LiverScreen.Detection.Reclassification;

/// <summary>One augmented view of a candidate: a shift of the patch centre (voxels), flips, and for a shuffled positive the
/// liver voxel (x, y, z) the lesion is transplanted to (paper 002 Eq. 9).</summary>
public sealed record PatchPlan(int ShiftX, int ShiftY, int ShiftZ, bool FlipX, bool FlipY, (int X, int Y, int Z)? TransplantTo)
{
    public static PatchPlan Original { get; } = new(0, 0, 0, false, false, null);
}
