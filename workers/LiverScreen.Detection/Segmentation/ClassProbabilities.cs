using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Segmentation;

/// <summary>
/// The segmentation model's output for one study (paper 002 Eq. 1): C probability planes of Z*Y*X floats, channel-major
/// (index = ((c * Z + z) * Y + y) * X + x), on <see cref="Geometry"/>. <see cref="Classes"/> is the model card's class
/// list ("background", "liver", "HCC" .. "Cyst" [, organs]); each channel is mapped to its <see cref="SegmentationLabel"/> id
/// by name so the argmax writes label ids, whatever order the card lists them in.
/// </summary>
public sealed class ClassProbabilities
{
    private static readonly string[] LabelNames =
        ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst", "spleen", "kidney", "aorta", "portal_vein", "other_organ"];

    public ClassProbabilities(VolumeGeometry geometry, IReadOnlyList<string> classes, float[] data)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(data);
        if (classes.Count == 0)
        {
            throw new ArgumentException("The class list is empty.", nameof(classes));
        }

        if (data.LongLength != geometry.Size.VoxelCount * classes.Count)
        {
            throw new ArgumentException(
                $"Probabilities hold {data.LongLength} values but {classes.Count} classes on {geometry.Size} need {geometry.Size.VoxelCount * classes.Count}.",
                nameof(data));
        }

        Geometry = geometry;
        Classes = classes;
        Data = data;
        ChannelLabels = new byte[classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            ChannelLabels[c] = LabelOf(classes[c]);
        }
    }

    public VolumeGeometry Geometry { get; }

    public IReadOnlyList<string> Classes { get; }

    public float[] Data { get; }

    /// <summary>Segmentation label id of each channel.</summary>
    public byte[] ChannelLabels { get; }

    public int ChannelCount => Classes.Count;

    public ReadOnlySpan<float> Plane(int channel) =>
        Data.AsSpan(checked((int)(channel * Geometry.Size.VoxelCount)), checked((int)Geometry.Size.VoxelCount));

    /// <summary>Channel index of a label id, or -1 when the model does not output it.</summary>
    public int ChannelOf(byte label) => Array.IndexOf(ChannelLabels, label);

    /// <summary>Label id of a model-card class name (case-insensitive; "portal vein" and "portal_vein" both work).</summary>
    public static byte LabelOf(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        var norm = className.Trim().Replace(' ', '_');
        for (var i = 0; i < LabelNames.Length; i++)
        {
            if (string.Equals(LabelNames[i], norm, StringComparison.OrdinalIgnoreCase))
            {
                return (byte)i;
            }
        }

        throw new ArgumentException($"Unknown class '{className}': expected one of {string.Join(", ", LabelNames)}.", nameof(className));
    }
}
