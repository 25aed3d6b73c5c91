namespace LiverScreen.Dicom.Inspection;

/// <summary>Volume geometry (LPS mm): size [x, y, z] in voxels, spacing [x, y, z] in mm (z from positions),
/// origin = centre of voxel 0, direction = 9 numbers row-major whose columns are the i, j, k axes.</summary>
public sealed record GeometryReport(int[] Size, double[] SpacingMm, double[] OriginMm, double[] Direction, double GantryTiltDegrees);
