namespace LiverScreen.Detection.Lesions;

/// <summary>An axis-aligned box of voxel indices, both corners inclusive.</summary>
public readonly record struct VoxelBox(int X0, int Y0, int Z0, int X1, int Y1, int Z1)
{
    public int SizeX => X1 - X0 + 1;

    public int SizeY => Y1 - Y0 + 1;

    public int SizeZ => Z1 - Z0 + 1;

    public bool Contains(int x, int y, int z) => x >= X0 && x <= X1 && y >= Y0 && y <= Y1 && z >= Z0 && z <= Z1;
}
