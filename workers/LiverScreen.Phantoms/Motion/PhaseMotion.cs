using System.Globalization;
using System.Text.Json.Nodes;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Phantoms.Motion;

/// <summary>
/// The exact breathing motion used to make one phase (docs/formats.md, "motion"): reference point p appears at
/// <c>Rigid(p) + sum_b bump_b(p)</c> in this phase. Pull convention like <see cref="ISpatialTransform"/>: resampling
/// this phase at <see cref="Apply"/> of each reference voxel centre aligns it to the reference phase, so the alignment
/// stage can compute its true registration error from it.
/// </summary>
public sealed class PhaseMotion : ISpatialTransform
{
    private readonly AffineTransform _rigid;
    private readonly AffineTransform _rigidInverse;

    public PhaseMotion(RigidMotion rigid, IReadOnlyList<MotionBump> bumps)
    {
        ArgumentNullException.ThrowIfNull(rigid);
        ArgumentNullException.ThrowIfNull(bumps);
        Rigid = rigid;
        Bumps = bumps;
        _rigid = rigid.ToAffine();
        _rigidInverse = _rigid.Inverse();
    }

    public static PhaseMotion Identity { get; } = new(RigidMotion.Identity, []);

    public RigidMotion Rigid { get; }

    public IReadOnlyList<MotionBump> Bumps { get; }

    public bool IsIdentity => Bumps.Count == 0 && Rigid.RotationRad == Vec3.Zero && Rigid.TranslationMm == Vec3.Zero;

    /// <summary>Reference point (LPS mm) to the point where it appears in this phase.</summary>
    public Vec3 Apply(Vec3 point)
    {
        var q = _rigid.Apply(point);
        foreach (var b in Bumps)
        {
            q += b.Displacement(point);
        }

        return q;
    }

    /// <summary>Phase point back to the reference point that appears there. The bumps are evaluated at the reference
    /// point, so this is a fixed-point iteration; it converges because each bump's displacement gradient is far below 1
    /// (displacement of a few mm over sigmas of tens of mm).</summary>
    public Vec3 ApplyInverse(Vec3 point)
    {
        var p = _rigidInverse.Apply(point);
        if (Bumps.Count == 0)
        {
            return p;
        }

        for (var iteration = 0; iteration < 12; iteration++)
        {
            var sum = Vec3.Zero;
            foreach (var b in Bumps)
            {
                sum += b.Displacement(p);
            }

            var next = _rigidInverse.Apply(point - sum);
            var step = (next - p).Length;
            p = next;
            if (step < 1e-6)
            {
                break;
            }
        }

        return p;
    }

    /// <summary>The JSON object of docs/formats.md: {"rigid": {...}, "bumps": [...]}.</summary>
    public JsonObject ToJson()
    {
        var bumps = new JsonArray();
        foreach (var b in Bumps)
        {
            bumps.Add(new JsonObject
            {
                ["centerLps"] = Array(b.CenterLps),
                ["sigmaMm"] = b.SigmaMm,
                ["displacementMm"] = Array(b.DisplacementMm),
            });
        }

        return new JsonObject
        {
            ["rigid"] = new JsonObject
            {
                ["rotationRad"] = Array(Rigid.RotationRad),
                ["translationMm"] = Array(Rigid.TranslationMm),
                ["centerLps"] = Array(Rigid.CenterLps),
            },
            ["bumps"] = bumps,
        };
    }

    /// <summary>Reads the JSON object written by <see cref="ToJson"/> (truth.json's "motion").</summary>
    public static PhaseMotion FromJson(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var rigid = node["rigid"] ?? throw new FormatException("motion has no \"rigid\" object.");
        var r = new RigidMotion(Vector(rigid, "rotationRad"), Vector(rigid, "translationMm"), Vector(rigid, "centerLps"));
        var bumps = new List<MotionBump>();
        if (node["bumps"] is JsonArray array)
        {
            foreach (var b in array)
            {
                if (b is null)
                {
                    continue;
                }

                var sigma = b["sigmaMm"]?.GetValue<double>() ?? throw new FormatException("motion bump has no sigmaMm.");
                bumps.Add(new MotionBump(Vector(b, "centerLps"), sigma, Vector(b, "displacementMm")));
            }
        }

        return new PhaseMotion(r, bumps);
    }

    /// <summary>Parses the motion object from its JSON text.</summary>
    public static PhaseMotion Parse(string json) =>
        FromJson(JsonNode.Parse(json) ?? throw new FormatException("motion JSON is empty."));

    private static JsonArray Array(Vec3 v) => new(v.X, v.Y, v.Z);

    private static Vec3 Vector(JsonNode parent, string name)
    {
        if (parent[name] is not JsonArray a || a.Count != 3)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"motion field \"{name}\" must be an array of 3 numbers."));
        }

        return new Vec3(a[0]!.GetValue<double>(), a[1]!.GetValue<double>(), a[2]!.GetValue<double>());
    }
}
