namespace LiverScreen.Imaging;

/// <summary>
/// Where a voxel grid sits in DICOM patient coordinates (LPS, mm).
/// Voxel (i, j, k) has its centre at <c>Origin + Direction * (i*Spacing.X, j*Spacing.Y, k*Spacing.Z)</c>:
/// <see cref="Origin"/> is the centre of voxel (0,0,0) (ImagePositionPatient of the first slice),
/// <see cref="Spacing"/> is in mm (Z is the true slice spacing from positions, not SliceThickness),
/// and the columns of <see cref="Direction"/> are the unit vectors of the i, j and k axes.
/// </summary>
public sealed record VolumeGeometry(Size3 Size, Vec3 Spacing, Vec3 Origin, Mat3 Direction)
{
    /// <summary>An axis-aligned grid (identity direction), the common case for phantoms and working grids.</summary>
    public static VolumeGeometry Axial(Size3 size, Vec3 spacing, Vec3 origin) => new(size, spacing, origin, Mat3.Identity);

    /// <summary>Patient position (mm) of a continuous voxel index.</summary>
    public Vec3 IndexToLps(double i, double j, double k) =>
        Origin + Direction * new Vec3(i * Spacing.X, j * Spacing.Y, k * Spacing.Z);

    /// <summary>Continuous voxel index of a patient position (mm). Inverse of <see cref="IndexToLps"/>.</summary>
    public Vec3 LpsToIndex(Vec3 lps)
    {
        // Direction is orthonormal for real CT, but gantry-tilt corrected or resampled grids may not be: use the inverse.
        var local = Direction.Inverse() * (lps - Origin);
        return new Vec3(local.X / Spacing.X, local.Y / Spacing.Y, local.Z / Spacing.Z);
    }

    /// <summary>Volume of one voxel in mm^3.</summary>
    public double VoxelVolumeMm3 => Spacing.X * Spacing.Y * Spacing.Z;

    /// <summary>Physical extent covered by voxel centres plus one voxel, in mm along each axis.</summary>
    public Vec3 ExtentMm => new(Size.X * Spacing.X, Size.Y * Spacing.Y, Size.Z * Spacing.Z);

    /// <summary>Patient position of the grid's centre.</summary>
    public Vec3 CenterLps => IndexToLps((Size.X - 1) / 2.0, (Size.Y - 1) / 2.0, (Size.Z - 1) / 2.0);
}
