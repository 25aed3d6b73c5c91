namespace LiverScreen.Imaging.Resampling;

/// <summary>y = Matrix * (x - Center) + Center + Translation, in LPS mm (ITK's centred affine parameterisation).
/// Rigid transforms are affine transforms whose matrix is a rotation.</summary>
public sealed record AffineTransform(Mat3 Matrix, Vec3 Translation, Vec3 Center) : ISpatialTransform
{
    public static AffineTransform Identity => new(Mat3.Identity, Vec3.Zero, Vec3.Zero);

    public static AffineTransform Translate(Vec3 t) => new(Mat3.Identity, t, Vec3.Zero);

    /// <summary>Rotation by Euler angles (radians) about x, then y, then z, around <paramref name="center"/>, then a translation.</summary>
    public static AffineTransform Rigid(double rx, double ry, double rz, Vec3 translation, Vec3 center)
    {
        var (cx, sx) = (Math.Cos(rx), Math.Sin(rx));
        var (cy, sy) = (Math.Cos(ry), Math.Sin(ry));
        var (cz, sz) = (Math.Cos(rz), Math.Sin(rz));
        var rotX = new Mat3(1, 0, 0, 0, cx, -sx, 0, sx, cx);
        var rotY = new Mat3(cy, 0, sy, 0, 1, 0, -sy, 0, cy);
        var rotZ = new Mat3(cz, -sz, 0, sz, cz, 0, 0, 0, 1);
        return new AffineTransform(rotZ * rotY * rotX, translation, center);
    }

    public Vec3 Apply(Vec3 point) => Matrix * (point - Center) + Center + Translation;

    /// <summary>The transform that undoes this one.</summary>
    public AffineTransform Inverse()
    {
        // x = M^-1 (y - C - t) + C  =>  matrix M^-1, centre C, translation -M^-1 t.
        var inv = Matrix.Inverse();
        return new AffineTransform(inv, -(inv * Translation), Center);
    }

    /// <summary>This transform applied after <paramref name="first"/>: x -> this(first(x)).</summary>
    public AffineTransform After(AffineTransform first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var m = Matrix * first.Matrix;
        // Full offset: this(first(x)) = M2 (M1 (x - C1) + C1 + t1 - C2) + C2 + t2. Re-centre on first's centre.
        var offset = Matrix * (first.Center + first.Translation - Center) + Center + Translation;
        return new AffineTransform(m, offset - first.Center, first.Center);
    }
}
