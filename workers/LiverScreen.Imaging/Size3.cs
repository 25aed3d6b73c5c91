namespace LiverScreen.Imaging;

/// <summary>Voxel counts along i (columns, x), j (rows, y) and k (slices, z).</summary>
public readonly record struct Size3(int X, int Y, int Z)
{
    /// <summary>Total voxel count as a long, so a hostile header cannot overflow the product.</summary>
    public long VoxelCount => (long)X * Y * Z;

    public int SliceVoxels => checked(X * Y);

    public override string ToString() => $"{X}x{Y}x{Z}";
}
