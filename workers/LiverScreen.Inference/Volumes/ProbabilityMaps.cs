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

    /// <summary>Time spent inside the model's runs (session.Run calls only; tiling, packing and blending excluded).</summary>
    public TimeSpan ModelTime { get; internal set; }

    /// <summary>Tiles the model ran (each flip counted once per tile).</summary>
    public int TilesRun { get; internal set; }

    /// <summary>Voxel box (inclusive min, exclusive max; x, y, z) that was tiled; the whole grid without a crop.</summary>
    public (Size3 Min, Size3 Max) TiledBox { get; internal set; }

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

    /// <summary>
    /// These maps (computed on a box of <paramref name="full"/>) placed into the full grid at voxel offset
    /// <paramref name="offset"/>; voxels outside the box get <paramref name="fillClass"/> with probability 1.
    /// </summary>
    internal ProbabilityMaps PlaceInto(VolumeGeometry full, Size3 offset, int fillClass)
    {
        var (bx, by, bz) = (Geometry.Size.X, Geometry.Size.Y, Geometry.Size.Z);
        var (fx, fy) = (full.Size.X, full.Size.Y);
        var n = checked((int)full.Size.VoxelCount);
        var labels = new Volume<byte>(full);
        labels.Data.AsSpan().Fill((byte)fillClass);
        var floats = _float is null ? null : Enumerable.Range(0, Classes.Count).Select(c => new float[n]).ToArray();
        var bytes = _bytes is null ? null : Enumerable.Range(0, Classes.Count).Select(c => new byte[n]).ToArray();
        floats?[fillClass].AsSpan().Fill(1f);
        bytes?[fillClass].AsSpan().Fill(255);
        var uncertainty = Uncertainty is null ? null : new Volume<float>(full);
        for (var z = 0; z < bz; z++)
        {
            for (var y = 0; y < by; y++)
            {
                var src = ((z * by) + y) * bx;
                var dst = (((z + offset.Z) * fy) + y + offset.Y) * fx + offset.X;
                Labels.Data.AsSpan(src, bx).CopyTo(labels.Data.AsSpan(dst, bx));
                for (var c = 0; c < Classes.Count; c++)
                {
                    if (floats is not null)
                    {
                        _float![c].AsSpan(src, bx).CopyTo(floats[c].AsSpan(dst, bx));
                    }
                    else
                    {
                        _bytes![c].AsSpan(src, bx).CopyTo(bytes![c].AsSpan(dst, bx));
                    }
                }

                Uncertainty?.Data.AsSpan(src, bx).CopyTo(uncertainty!.Data.AsSpan(dst, bx));
            }
        }

        return new ProbabilityMaps(full, Classes, labels, floats, bytes, uncertainty)
        {
            ModelTime = ModelTime,
            TilesRun = TilesRun,
            TiledBox = (offset, new Size3(offset.X + bx, offset.Y + by, offset.Z + bz)),
        };
    }
}
