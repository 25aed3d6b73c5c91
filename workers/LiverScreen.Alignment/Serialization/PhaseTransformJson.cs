using System.Text.Json;
using System.Text.Json.Serialization;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Serialization;

/// <summary>
/// JSON of a <see cref="PhaseTransform"/> ("liverscreen-phase-transform/1"), saved beside each aligned phase so
/// lesion coordinates on the reference grid can be mapped to the original series and back. All coordinates LPS mm;
/// the transform maps reference points to phase points (pull convention). Layout:
/// <c>{ format, referencePhase, phase, affine: { matrix[9] row-major, translation[3], center[3] },
/// bspline: { origin[3], spacing[3], size[3], coefficients[3 * n] (dx,dy,dz per control point, x-fastest) } | null }</c>.
/// </summary>
public static class PhaseTransformJson
{
    public const string Format = "liverscreen-phase-transform/1";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(PhaseTransform transform, Phase referencePhase, Phase phase)
    {
        ArgumentNullException.ThrowIfNull(transform);
        var a = transform.Affine;
        var d = transform.Deformation;
        var doc = new Document(
            Format,
            referencePhase,
            phase,
            new AffineDto(a.Matrix.ToArray(), a.Translation.ToArray(), a.Center.ToArray()),
            d is null ? null : new BSplineDto(d.Origin.ToArray(), d.Spacing.ToArray(), [d.Size.X, d.Size.Y, d.Size.Z], d.Coefficients));
        return JsonSerializer.Serialize(doc, Options);
    }

    public static (PhaseTransform Transform, Phase ReferencePhase, Phase Phase) Deserialize(string json)
    {
        var doc = JsonSerializer.Deserialize<Document>(json, Options)
            ?? throw new InvalidDataException("Transform JSON is empty.");
        if (doc.Format != Format)
        {
            throw new InvalidDataException($"Transform JSON has format '{doc.Format}', expected '{Format}'.");
        }

        if (doc.Affine is null || doc.Affine.Matrix.Length != 9 || doc.Affine.Translation.Length != 3 || doc.Affine.Center.Length != 3)
        {
            throw new InvalidDataException("Transform JSON: affine needs matrix[9], translation[3], center[3].");
        }

        var affine = new AffineTransform(Mat3.FromArray(doc.Affine.Matrix), V(doc.Affine.Translation), V(doc.Affine.Center));
        BSplineDeformation? field = null;
        if (doc.Bspline is { } b)
        {
            if (b.Size.Length != 3 || b.Size.Any(n => n <= 0) || b.Origin.Length != 3 || b.Spacing.Length != 3)
            {
                throw new InvalidDataException("Transform JSON: bspline needs origin[3], spacing[3] and a positive size[3].");
            }

            field = new BSplineDeformation(V(b.Origin), V(b.Spacing), new Size3(b.Size[0], b.Size[1], b.Size[2]), b.Coefficients);
        }

        return (new PhaseTransform(affine, field), doc.ReferencePhase, doc.Phase);
    }

    private static Vec3 V(double[] a) => new(a[0], a[1], a[2]);

    private sealed record Document(string Format, Phase ReferencePhase, Phase Phase, AffineDto Affine, BSplineDto? Bspline);

    private sealed record AffineDto(double[] Matrix, double[] Translation, double[] Center);

    private sealed record BSplineDto(double[] Origin, double[] Spacing, int[] Size, double[] Coefficients);
}
