using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Tests.Support;

/// <summary>
/// Test-only synthetic abdomen (a phantom, not patient data): body ellipse with a fat rim, liver on the patient's right,
/// vertebral body (bone) posterior midline, aorta anterior-left of it, enhancement per phase after imaging-facts.md,
/// noise sd 10 HU. Written as one file per slice with <see cref="TestDicomWriter"/>.
/// </summary>
internal static class SyntheticSeries
{
    public const int Size = 96;
    public const double Spacing = 3.5;

    public static (double Aorta, double Liver) PhaseHu(Phase phase) => phase switch
    {
        Phase.NC => (40, 60),
        Phase.AP => (300, 78),
        Phase.VP => (165, 112),
        Phase.DP => (120, 92),
        _ => throw new ArgumentOutOfRangeException(nameof(phase)),
    };

    /// <summary>Stored HU of slice z of a phase phantom (row-major, 96 x 96, 3.5 mm pixels).</summary>
    public static short[] Slice(Phase phase, int z, int seed)
    {
        var (aorta, liver) = PhaseHu(phase);
        var rnd = new Random(seed * 1000 + z);
        var v = new short[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                // mm from the centre: +x patient left, +y posterior (LPS with identity orientation).
                var mx = (x - Size / 2.0) * Spacing;
                var my = (y - Size / 2.0) * Spacing;
                double hu;
                var body = (mx / 150) * (mx / 150) + (my / 110) * (my / 110);
                if (body > 1)
                {
                    hu = -1000;
                }
                else if (body > 0.8)
                {
                    hu = -100;
                }
                else if (Math.Sqrt((mx - 0) * (mx - 0) + (my - 55) * (my - 55)) < 20)
                {
                    hu = 700;
                }
                else if (Math.Sqrt((mx - 15) * (mx - 15) + (my - 22) * (my - 22)) < 12)
                {
                    hu = aorta;
                }
                else if (((mx + 75) / 55) * ((mx + 75) / 55) + ((my + 5) / 60) * ((my + 5) / 60) < 1)
                {
                    hu = liver;
                }
                else
                {
                    hu = 50;
                }

                v[y * Size + x] = (short)Math.Round(hu + Gauss(rnd) * 10);
            }
        }

        return v;
    }

    /// <summary>Writes a series; <paramref name="order"/> maps slice index to file order and InstanceNumber can lie.</summary>
    public static List<string> Write(string dir, Phase phase, int slices, string seriesUid, string? description = null, string? agent = null,
        string? time = null, int seed = 1, string studyUid = "1.2.826.0.1.3680043.9.7777.1", Func<int, int>? instanceNumber = null,
        Func<int, Vec3>? position = null, string filePrefix = "")
    {
        var files = new List<string>();
        for (var z = 0; z < slices; z++)
        {
            var path = Path.Combine(dir, $"{filePrefix}{seriesUid[^4..]}_{Guid.NewGuid():N}.dcm");
            TestDicomWriter.Write(path, new TestDicomWriter.Slice
            {
                StudyUid = studyUid,
                SeriesUid = seriesUid,
                SeriesDescription = description,
                ContrastAgent = agent,
                AcquisitionTime = time,
                InstanceNumber = instanceNumber?.Invoke(z) ?? z + 1,
                Position = position?.Invoke(z) ?? new Vec3(-Size / 2.0 * Spacing, -Size / 2.0 * Spacing, -100 + z * 5.0),
                PixelSpacing = Spacing,
                Rows = Size,
                Columns = Size,
                Stored = Slice(phase, z, seed),
            });
            files.Add(path);
        }

        return files;
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
