namespace LiverScreen.Imaging.Resampling;

/// <summary>
/// Maps a point of the fixed (reference) space to the moving space, both in patient coordinates (LPS, mm).
/// Resampling a moving image onto a fixed grid evaluates the moving image at <c>Apply(fixedPoint)</c>
/// (the "pull" convention of ITK and elastix).
/// </summary>
public interface ISpatialTransform
{
    Vec3 Apply(Vec3 point);
}
