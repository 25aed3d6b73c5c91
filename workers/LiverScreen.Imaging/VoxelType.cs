namespace LiverScreen.Imaging;

/// <summary>Element type tag written in <see cref="VolumeFile"/> headers.</summary>
public enum VoxelType : byte
{
    U8 = 1,
    I16 = 2,
    F32 = 3,
}
