using System.Text;
using System.Text.Json.Nodes;
using LiverScreen.Imaging;
using LiverScreen.Phantoms.Export;

namespace LiverScreen.Phantoms.Tests;

public class ExportTests
{
    [Fact]
    public void Training_export_writes_npy_arrays_of_the_documented_shapes_and_types()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ls-phantom-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            var exporter = new TrainingExporter(dir, new Vec3(3, 3, 5));
            var diagnosis = TestStudies.Diagnosis(51, 0);
            var screening = PhantomSampler.Sample(51, 1, PhantomPreset.Screening, TestStudies.Small);
            exporter.Add(diagnosis);
            exporter.Add(screening);
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;
            Assert.Equal("liverscreen-training-export/1", manifest["format"]!.GetValue<string>());
            Assert.True(manifest["synthetic"]!.GetValue<bool>());
            Assert.Equal(13, manifest["labels"]!.AsArray().Count);
            var studies = manifest["studies"]!.AsArray();
            Assert.Equal(2, studies.Count);
            var grid = TrainingExporter.WorkingGrid(diagnosis, new Vec3(3, 3, 5));
            var (descr, shape) = ReadHeader(Path.Combine(dir, studies[0]!["image"]!.GetValue<string>()), out var dataBytes);
            Assert.Equal("<f4", descr);
            Assert.Equal([4, grid.Size.Z, grid.Size.Y, grid.Size.X], shape);
            Assert.Equal(4L * grid.Size.VoxelCount * 4, dataBytes);
            var (ldescr, lshape) = ReadHeader(Path.Combine(dir, studies[0]!["label"]!.GetValue<string>()), out var labelBytes);
            Assert.Equal("|u1", ldescr);
            Assert.Equal([grid.Size.Z, grid.Size.Y, grid.Size.X], lshape);
            Assert.Equal(grid.Size.VoxelCount, labelBytes);
            var present = studies[1]!["phasesPresent"]!.AsArray().Select(p => p!.GetValue<bool>()).ToArray();
            Assert.Equal([true, false, false, false], present);
            Assert.Equal("screening", studies[1]!["setting"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (string Descr, int[] Shape) ReadHeader(string path, out long dataBytes)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0x93, bytes[0]);
        Assert.Equal("NUMPY", Encoding.ASCII.GetString(bytes, 1, 5));
        var len = bytes[8] | (bytes[9] << 8);
        Assert.Equal(0, (10 + len) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, len);
        var descr = header.Split("'descr': '")[1].Split('\'')[0];
        var shapeText = header.Split("'shape': (")[1].Split(')')[0];
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        Assert.Contains("'fortran_order': False", header, StringComparison.Ordinal);
        dataBytes = bytes.Length - 10 - len;
        return (descr, shape);
    }
}
