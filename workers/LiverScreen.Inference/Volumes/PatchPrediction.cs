namespace LiverScreen.Inference.Volumes;

/// <summary>
/// The model's per-voxel class probabilities over one patch: <see cref="Probabilities"/> is [class][z][y][x] of
/// <see cref="SizeZ"/> x <see cref="SizeY"/> x <see cref="SizeX"/> voxels whose first voxel is volume voxel
/// (<see cref="X0"/>, <see cref="Y0"/>, <see cref="Z0"/>); parts outside the volume were padding.
/// </summary>
public sealed record PatchPrediction(PatchCenter Center, int X0, int Y0, int Z0, int SizeX, int SizeY, int SizeZ, IReadOnlyList<string> Classes, float[] Probabilities)
{
    /// <summary>Probability of class <paramref name="classIndex"/> at volume voxel (x, y, z), which must lie inside the patch.</summary>
    public float Probability(int classIndex, int x, int y, int z)
    {
        var (dx, dy, dz) = (x - X0, y - Y0, z - Z0);
        if ((uint)dx >= (uint)SizeX || (uint)dy >= (uint)SizeY || (uint)dz >= (uint)SizeZ)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Voxel ({x}, {y}, {z}) is outside the patch at ({X0}, {Y0}, {Z0}).");
        }

        return Probabilities[(((((classIndex * SizeZ) + dz) * SizeY) + dy) * SizeX) + dx];
    }

    public bool Contains(int x, int y, int z) =>
        (uint)(x - X0) < (uint)SizeX && (uint)(y - Y0) < (uint)SizeY && (uint)(z - Z0) < (uint)SizeZ;
}
