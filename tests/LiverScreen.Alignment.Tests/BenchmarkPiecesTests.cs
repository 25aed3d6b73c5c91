using System.Text.Json;
using LiverScreen.Alignment.Benchmark;
using LiverScreen.Alignment.Elastix;
using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Tests;

public sealed class BenchmarkPiecesTests
{
    [Fact]
    public void Transformix_output_points_are_parsed_in_order()
    {
        const string text = "Point\t0\t; InputIndex = [ 1 2 3 ]\t; InputPoint = [ 1.0 2.0 3.0 ]\t; OutputIndexFixed = [ 1 2 3 ]\t; OutputPoint = [ 4.5 -6.25 7 ]\t; Deformation = [ 3.5 -8.25 4 ]\n" +
                            "Point\t1\t; InputIndex = [ 0 0 0 ]\t; InputPoint = [ 0 0 0 ]\t; OutputIndexFixed = [ 0 0 0 ]\t; OutputPoint = [ -1e-3 0 12.5 ]\t; Deformation = [ 0 0 0 ]\n";

        var points = ElastixRunner.ParseOutputPoints(text, 2, "p");

        Assert.Equal(new Vec3(4.5, -6.25, 7), points[0]);
        Assert.Equal(new Vec3(-0.001, 0, 12.5), points[1]);
        Assert.Throws<InvalidDataException>(() => ElastixRunner.ParseOutputPoints(text, 3, "p"));
    }

    [Fact]
    public void Truth_json_motion_is_parsed_into_the_transform_it_describes()
    {
        const string json = """
            {"rigid": {"rotationRad": [0.01, -0.02, 0.03], "translationMm": [1, 2, 15], "centerLps": [-50, 0, 20]},
             "bumps": [{"centerLps": [-60, 0, 10], "sigmaMm": 40, "displacementMm": [0, 0, 6]}]}
            """;
        using var doc = JsonDocument.Parse(json);

        var motion = CohortPairSource.ParseMotion(doc.RootElement);

        // At a bump centre the displacement is the rigid motion plus the full bump.
        var p = new Vec3(-60, 0, 10);
        var rigid = Imaging.Resampling.AffineTransform.Rigid(0.01, -0.02, 0.03, new Vec3(1, 2, 15), new Vec3(-50, 0, 20));
        Assert.True((motion.Apply(p) - (rigid.Apply(p) + new Vec3(0, 0, 6))).Length < 1e-9);
    }

    [Fact]
    public void Percentile_interpolates_between_order_statistics()
    {
        Assert.Equal(2.0, AlignmentBenchmark.Percentile([3, 1, 2], 0.5));
        Assert.Equal(3.85, AlignmentBenchmark.Percentile([1, 2, 3, 4], 0.95), 6);
    }

    [Fact]
    public void MetaImage_header_describes_the_grid_in_LPS_mm()
    {
        var dir = Directory.CreateTempSubdirectory("ls-mhd-");
        try
        {
            var v = new Volume<short>(VolumeGeometry.Axial(new Size3(4, 3, 2), new Vec3(0.5, 0.75, 5), new Vec3(-10, 20.5, -3)));
            v[3, 2, 1] = -1000;
            var path = Path.Combine(dir.FullName, "v.mhd");

            MetaImage.Write(path, v);

            var header = File.ReadAllText(path);
            Assert.Contains("DimSize = 4 3 2", header, StringComparison.Ordinal);
            Assert.Contains("ElementSpacing = 0.5 0.75 5", header, StringComparison.Ordinal);
            Assert.Contains("Offset = -10 20.5 -3", header, StringComparison.Ordinal);
            Assert.Contains("ElementType = MET_SHORT", header, StringComparison.Ordinal);
            var raw = File.ReadAllBytes(Path.Combine(dir.FullName, "v.raw"));
            Assert.Equal(4 * 3 * 2 * 2, raw.Length);
            Assert.Equal(-1000, BitConverter.ToInt16(raw, 2 * 23));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Registration_is_deterministic_run_to_run()
    {
        var grid = VolumeGeometry.Axial(new Size3(96, 96, 48), new Vec3(4, 4, 5), new Vec3(-190, -190, -117.5));
        var pair = SyntheticPair.Create("det", Phase.VP, Phase.AP, SyntheticPair.RandomMotion(8, 10, 2, 5), 8, grid);

        var a = ImageRegistration.Register(pair.Reference, pair.Moving);
        var b = ImageRegistration.Register(pair.Reference, pair.Moving);

        Assert.Equal(a.Transform.Affine, b.Transform.Affine);
        Assert.Equal(a.Transform.Deformation?.Coefficients, b.Transform.Deformation?.Coefficients);
    }

    [Fact]
    public void Synthetic_source_yields_the_requested_pairs_onto_VP_with_liver_landmarks()
    {
        var grid = VolumeGeometry.Axial(new Size3(48, 48, 24), new Vec3(8, 8, 10), new Vec3(-190, -190, -115));

        var pairs = new SyntheticPairSource(grid: grid).Pairs(2).ToList();

        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, p => Assert.Equal(Phase.VP, p.ReferencePhase));
        Assert.Equal([Phase.NC, Phase.AP], pairs.Select(p => p.MovingPhase));
        Assert.All(pairs, p => Assert.Equal(50, p.Landmarks.Count));
        Assert.NotEqual(pairs[0].Moving.Data, pairs[1].Moving.Data);
    }
}
