namespace LiverScreen.Inference.Volumes;

/// <summary>A candidate's centre in voxel indices of the phase grid (x = column, y = row, z = slice).</summary>
public readonly record struct PatchCenter(int X, int Y, int Z);
