using LiverScreen.Contracts;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

/// <summary>Small hand-made volumes for the detection tests.</summary>
internal static class TestVolumes
{
    public static readonly string[] Classes = ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst"];

    public static VolumeGeometry Grid(int nx, int ny, int nz, double sx = 2, double sy = 2, double sz = 5) =>
        VolumeGeometry.Axial(new Size3(nx, ny, nz), new Vec3(sx, sy, sz), new Vec3(-100, -50, 200));

    public static Volume<byte> Labels(int nx, int ny, int nz, double sx = 2, double sy = 2, double sz = 5) =>
        new(Grid(nx, ny, nz, sx, sy, sz));

    public static void Fill(Volume<byte> v, byte label, int x0, int x1, int y0, int y1, int z0, int z1)
    {
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    v[x, y, z] = label;
                }
            }
        }
    }

    /// <summary>Probabilities that put <paramref name="confidence"/> on each voxel's label and share the rest; voxels in
    /// <paramref name="weak"/> get the weak lesion's label at 0.3 against liver 0.6 (only a high operating point finds it).</summary>
    public static ClassProbabilities Probabilities(Volume<byte> labels, Volume<byte>? weak = null, float confidence = 0.8f)
    {
        var n = labels.Data.Length;
        var c = Classes.Length;
        var data = new float[c * n];
        var rest = (1f - confidence) / (c - 1);
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < c; k++)
            {
                data[k * n + i] = rest;
            }

            if (weak is not null && weak.Data[i] != 0)
            {
                data[1 * n + i] = 0.6f;
                data[weak.Data[i] * n + i] = 0.3f;
                data[0 * n + i] = 0.1f / (c - 2);
                continue;
            }

            data[labels.Data[i] * n + i] = confidence;
        }

        return new ClassProbabilities(labels.Geometry, Classes, data);
    }

    /// <summary>HU volume: 60 HU liver, 0 HU outside, <paramref name="lesionHu"/> inside the lesions of <paramref name="truth"/>.</summary>
    public static Volume<short> Hu(Volume<byte> truth, short lesionHu = 200)
    {
        var v = new Volume<short>(truth.Geometry);
        for (var i = 0; i < v.Data.Length; i++)
        {
            v.Data[i] = truth.Data[i] switch
            {
                0 => 0,
                1 => 60,
                _ => lesionHu,
            };
        }

        return v;
    }
}

/// <summary>
/// A rule-based stand-in for the reclassifier: inside the liver mask, a voxel whose NC channel is brighter than
/// <see cref="ThresholdHu"/> is lesion of type <see cref="Says"/>, else liver; outside the liver (value -1) background.
/// </summary>
internal sealed class BrightVoxelClassifier(LesionType says, double thresholdHu = 130) : IPatchClassifier
{
    public LesionType Says { get; } = says;

    public double ThresholdHu { get; } = thresholdHu;

    public int Calls { get; private set; }

    public IReadOnlyList<string> Classes => TestVolumes.Classes;

    public float[] Predict(PatchBatch batch)
    {
        Calls++;
        var pv = batch.PatchVoxels;
        var c = Classes.Count;
        var output = new float[batch.Count * c * pv];
        var threshold = (float)((ThresholdHu + 200) * 2.0 / 600 - 1);
        for (var b = 0; b < batch.Count; b++)
        {
            var nc = batch.Data.AsSpan(b * batch.Channels * pv, pv);
            for (var v = 0; v < pv; v++)
            {
                var label = nc[v] <= -1f ? 0 : nc[v] > threshold ? (int)Says : 1;
                output[(b * c + label) * pv + v] = 1f;
            }
        }

        return output;
    }
}
