using LiverScreen.Imaging;

namespace LiverScreen.Detection.Matching;

/// <summary>
/// Linking rule for evaluating result documents against truth.json, where predictions have a centre but no mask.
/// A predicted lesion hits a true lesion when its centre (LPS mm) lies inside the true lesion's box grown by
/// <see cref="BoxMarginMm"/> on every side, or within max(equivalent-sphere radius of the true volume,
/// <see cref="MinRadiusMm"/>) of the true centre. The margin absorbs the half-voxel quantisation of a 5 mm slice grid;
/// the 10 mm floor keeps tiny lesions findable when the predicted centre is off by a slice.
/// </summary>
public sealed record CoordinateMatchRule(double BoxMarginMm = 5.0, double MinRadiusMm = 10.0)
{
    public static CoordinateMatchRule Default { get; } = new();

    /// <summary>Affinity for <see cref="LesionMatcher.Match(IReadOnlyList{MatchSite}, IReadOnlyList{MatchSite}, Func{int, int, double})"/>:
    /// 0 when the rule fails, otherwise 1 / (1 + distance in mm), so the nearest partner is the best.</summary>
    public double Affinity(Vec3 predictedCenter, Vec3 truthCenter, Vec3 truthBoxMin, Vec3 truthBoxMax, double truthVolumeCc)
    {
        var d = (predictedCenter - truthCenter).Length;
        var inBox = predictedCenter.X >= truthBoxMin.X - BoxMarginMm && predictedCenter.X <= truthBoxMax.X + BoxMarginMm
            && predictedCenter.Y >= truthBoxMin.Y - BoxMarginMm && predictedCenter.Y <= truthBoxMax.Y + BoxMarginMm
            && predictedCenter.Z >= truthBoxMin.Z - BoxMarginMm && predictedCenter.Z <= truthBoxMax.Z + BoxMarginMm;
        var radiusMm = Math.Cbrt(3.0 * Math.Max(truthVolumeCc, 0) * 1000.0 / (4.0 * Math.PI));
        return inBox || d <= Math.Max(radiusMm, MinRadiusMm) ? 1.0 / (1.0 + d) : 0.0;
    }
}
