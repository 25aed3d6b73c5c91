using System.Globalization;
using System.Runtime.InteropServices;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Elastix;

/// <summary>Minimal MetaImage (.mhd header + .raw voxels) writer: how volumes are handed to elastix. Offset is the
/// centre of voxel 0 in LPS mm and TransformMatrix lists the i, j, k axis vectors, as ITK reads them, so elastix
/// works in the same physical space as LiverScreen and transform points compare directly.</summary>
public static class MetaImage
{
    public static void Write(string mhdPath, Volume<short> volume) => Write(mhdPath, volume.Geometry, MemoryMarshal.AsBytes(volume.Data.AsSpan()).ToArray(), "MET_SHORT");

    public static void Write(string mhdPath, Volume<byte> volume) => Write(mhdPath, volume.Geometry, volume.Data, "MET_UCHAR");

    private static void Write(string mhdPath, VolumeGeometry g, byte[] raw, string elementType)
    {
        ArgumentNullException.ThrowIfNull(mhdPath);
        var rawPath = Path.ChangeExtension(mhdPath, ".raw");
        var c = CultureInfo.InvariantCulture;
        var d = g.Direction;
        var header = string.Join('\n',
            "ObjectType = Image",
            "NDims = 3",
            "BinaryData = True",
            "BinaryDataByteOrderMSB = False",
            "CompressedData = False",
            string.Create(c, $"TransformMatrix = {d.M00:R} {d.M10:R} {d.M20:R} {d.M01:R} {d.M11:R} {d.M21:R} {d.M02:R} {d.M12:R} {d.M22:R}"),
            string.Create(c, $"Offset = {g.Origin.X:R} {g.Origin.Y:R} {g.Origin.Z:R}"),
            "CenterOfRotation = 0 0 0",
            "AnatomicalOrientation = RAI",
            string.Create(c, $"ElementSpacing = {g.Spacing.X:R} {g.Spacing.Y:R} {g.Spacing.Z:R}"),
            string.Create(c, $"DimSize = {g.Size.X} {g.Size.Y} {g.Size.Z}"),
            $"ElementType = {elementType}",
            $"ElementDataFile = {Path.GetFileName(rawPath)}",
            string.Empty);
        File.WriteAllText(mhdPath, header);
        File.WriteAllBytes(rawPath, raw);
    }
}
