using System.Text.Json.Nodes;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Tests.Support;

namespace LiverScreen.Models.Tests;

/// <summary>One study of a training export (docs/formats.md) read back as the engine's inputs: per-phase HU volumes
/// on the export's working grid and the liver mask (labels 1-7: liver and lesions).</summary>
internal sealed class ExportedStudy
{
    private static readonly Phase[] PhaseOrder = [Phase.NC, Phase.AP, Phase.VP, Phase.DP];

    private readonly float[] _image;
    private readonly byte[] _labels;
    private readonly byte[]? _instances;

    private ExportedStudy(string id, bool[] present, Vec3 spacing, Size3 size, float[] image, byte[] labels, byte[]? instances)
    {
        (Id, Present, Spacing, Size, _image, _labels, _instances) = (id, present, spacing, size, image, labels, instances);
    }

    public string Id { get; }

    public bool[] Present { get; }

    public Vec3 Spacing { get; }

    public Size3 Size { get; }

    public static ExportedStudy Load(string exportDir, string id)
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(exportDir, "manifest.json")))!;
        var sp = manifest["spacingMm"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var entry = manifest["studies"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id)!;
        var present = entry["phasesPresent"]!.AsArray().Select(v => v!.GetValue<bool>()).ToArray();
        var (image, shape) = NpyArray.ReadFloat32(Path.Combine(exportDir, entry["image"]!.GetValue<string>()));
        var (labels, lshape) = NpyArray.ReadUInt8(Path.Combine(exportDir, entry["label"]!.GetValue<string>()));
        Assert.Equal([4, .. lshape], shape);
        var instances = entry["instances"] is { } inst ? NpyArray.ReadUInt8(Path.Combine(exportDir, inst.GetValue<string>())).Data : null;
        return new ExportedStudy(id, present, new Vec3(sp[0], sp[1], sp[2]), new Size3(shape[3], shape[2], shape[1]), image, labels, instances);
    }

    /// <summary>The present phases over the region starting at voxel (z0, y0, x0) of size (z, y, x) = <paramref name="size"/>.</summary>
    public Dictionary<Phase, Volume<float>> Phases(int z0, int y0, int x0, Size3 size)
    {
        var geometry = VolumeGeometry.Axial(size, Spacing, new Vec3(x0 * Spacing.X, y0 * Spacing.Y, z0 * Spacing.Z));
        var n = Size.X * Size.Y * Size.Z;
        var phases = new Dictionary<Phase, Volume<float>>();
        for (var p = 0; p < 4; p++)
        {
            if (!Present[p])
                continue;
            var v = new Volume<float>(geometry);
            for (var z = 0; z < size.Z; z++)
            {
                for (var y = 0; y < size.Y; y++)
                {
                    var from = (p * n) + ((((z + z0) * Size.Y) + y + y0) * Size.X) + x0;
                    _image.AsSpan(from, size.X).CopyTo(v.Data.AsSpan(v.Index(0, y, z), size.X));
                }
            }

            phases[PhaseOrder[p]] = v;
        }

        return phases;
    }

    public Dictionary<Phase, Volume<float>> Phases() => Phases(0, 0, 0, Size);

    /// <summary>The export's labels (formats.md: 1 liver, 2-7 lesion types, 8-12 organs) on the working grid.</summary>
    public Volume<byte> Labels() => new(VolumeGeometry.Axial(Size, Spacing, new Vec3(0, 0, 0)), (byte[])_labels.Clone());

    /// <summary>Sorted linear indices of lesion instance <paramref name="id"/> (the export's instances map).</summary>
    public int[] InstanceVoxels(int id)
    {
        Assert.NotNull(_instances);
        return Enumerable.Range(0, _instances.Length).Where(i => _instances[i] == id).ToArray();
    }

    public Volume<byte> LiverMask()
    {
        var mask = new Volume<byte>(VolumeGeometry.Axial(Size, Spacing, new Vec3(0, 0, 0)));
        for (var i = 0; i < _labels.Length; i++)
            mask.Data[i] = _labels[i] is >= 1 and <= 7 ? (byte)1 : (byte)0;
        return mask;
    }
}
