using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Quality;

/// <summary>Range of the Jacobian determinant of a transform over a set of points, by central differences
/// (h = 0.5 mm). Below 0 the mapping folds (tissue passes through itself); far from 1 it compresses or expands
/// volume, which breathing between breath-holds does not do much.</summary>
public static class JacobianRange
{
    public static (double Min, double Max) Compute(ISpatialTransform transform, IReadOnlyList<Vec3> points)
    {
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(points);
        const double h = 0.5;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var p in points)
        {
            var cx = (transform.Apply(p + new Vec3(h, 0, 0)) - transform.Apply(p - new Vec3(h, 0, 0))) / (2 * h);
            var cy = (transform.Apply(p + new Vec3(0, h, 0)) - transform.Apply(p - new Vec3(0, h, 0))) / (2 * h);
            var cz = (transform.Apply(p + new Vec3(0, 0, h)) - transform.Apply(p - new Vec3(0, 0, h))) / (2 * h);
            var det = Mat3.FromColumns(cx, cy, cz).Determinant;
            min = Math.Min(min, det);
            max = Math.Max(max, det);
        }

        return points.Count == 0 ? (1, 1) : (min, max);
    }
}
