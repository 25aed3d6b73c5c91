using System.Runtime.CompilerServices;

namespace LiverScreen.Imaging;

/// <summary>
/// A 3D image: voxels stored x-fastest (index = (z * SizeY + y) * SizeX + x), so one axial slice is one
/// contiguous span. HU volumes are <c>Volume&lt;short&gt;</c> (CT HU are integers in -1024..3071),
/// working images and probability maps <c>Volume&lt;float&gt;</c>, label maps <c>Volume&lt;byte&gt;</c>.
/// </summary>
public sealed class Volume<T>
    where T : unmanaged
{
    public Volume(VolumeGeometry geometry, T[] data)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(data);
        if (data.LongLength != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"Data has {data.LongLength} voxels but geometry {geometry.Size} needs {geometry.Size.VoxelCount}.", nameof(data));
        }

        Geometry = geometry;
        Data = data;
    }

    public Volume(VolumeGeometry geometry)
        : this(geometry, new T[checked((int)geometry.Size.VoxelCount)])
    {
    }

    public VolumeGeometry Geometry { get; }

    public T[] Data { get; }

    public Size3 Size => Geometry.Size;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Index(int x, int y, int z) => (z * Size.Y + y) * Size.X + x;

    public ref T this[int x, int y, int z] => ref Data[Index(x, y, z)];

    public Span<T> Slice(int z) => Data.AsSpan(z * Size.SliceVoxels, Size.SliceVoxels);

    public bool Contains(int x, int y, int z) =>
        (uint)x < (uint)Size.X && (uint)y < (uint)Size.Y && (uint)z < (uint)Size.Z;

    /// <summary>A new volume on the same grid with the same voxels.</summary>
    public Volume<T> Clone() => new(Geometry, (T[])Data.Clone());
}
