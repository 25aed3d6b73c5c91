using LiverScreen.Imaging;

namespace LiverScreen.Inference.Volumes;

/// <summary>
/// Whole-volume output of a segmentation model on the input grid: the argmax label of every voxel (index into
/// <see cref="Classes"/>; for a card whose classes follow SegmentationLabel order it is the SegmentationLabel id),
/// per-class probabilities (float or byte-quantised, see <see cref="ProbabilityStorage"/>), and with test-time flips the
/// uncertainty map: per voxel, the across-flip variance of each class probability summed over classes (0 = all flips agree).
/// </summary>
public sealed class ProbabilityMaps
{
    private readonly float[][]? _float;
    private readonly byte[][]? _bytes;

    internal ProbabilityMaps(VolumeGeometry geometry, IReadOnlyList<string> classes, Volume<byte> labels, float[][]? floats, byte[][]? bytes, Volume<float>? uncertainty)
    {
        Geometry = geometry;
        Classes = classes;
        Labels = labels;
        _float = floats;
        _bytes = bytes;
        Uncertainty = uncertainty;
    }

    public VolumeGeometry Geometry { get; }

    public IReadOnlyList<string> Classes { get; }

    public ProbabilityStorage Storage => _float is not null ? ProbabilityStorage.FullPrecision : ProbabilityStorage.Quantized8;

    /// <summary>Argmax class index per voxel.</summary>
    public Volume<byte> Labels { get; }

    /// <summary>Across-flip variance summed over classes; null when no test-time flips were run.</summary>
    public Volume<float>? Uncertainty { get; }

    /// <summary>Bytes held by the maps (labels, probabilities, uncertainty).</summary>
    public long SizeInBytes =>
        Labels.Data.LongLength
        + (_float?.Sum(p => p.LongLength * sizeof(float)) ?? 0)
        + (_bytes?.Sum(p => p.LongLength) ?? 0)
        + ((Uncertainty?.Data.LongLength ?? 0) * sizeof(float));

    public int ClassIndex(string name)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (Classes[i] == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"No class '{name}'; classes: {string.Join(", ", Classes)}.");
    }

    /// <summary>Probability of class <paramref name="classIndex"/> at linear voxel index <paramref name="voxel"/>.</summary>
    public float Probability(int classIndex, int voxel) =>
        _float is not null ? _float[classIndex][voxel] : _bytes![classIndex][voxel] * (1f / 255f);

    /// <summary>The float plane of one class (Float32 storage only; no copy).</summary>
    public ReadOnlySpan<float> FloatPlane(int classIndex) =>
        _float?[classIndex] ?? throw new InvalidOperationException("Probabilities are stored quantised; use QuantizedPlane or ToVolume.");

    /// <summary>The byte plane of one class, p = value / 255 (Quantized8 storage only; no copy).</summary>
    public ReadOnlySpan<byte> QuantizedPlane(int classIndex) =>
        _bytes?[classIndex] ?? throw new InvalidOperationException("Probabilities are stored as float; use FloatPlane.");

    /// <summary>One class as a float volume (a new array: materialise one class at a time).</summary>
    public Volume<float> ToVolume(int classIndex)
    {
        var data = new float[Labels.Data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Probability(classIndex, i);
        }

        return new Volume<float>(Geometry, data);
    }
}
