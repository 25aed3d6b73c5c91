using LiverScreen.Contracts;
using LiverScreen.Dicom.Loading;
using LiverScreen.Dicom.Scanning;
using LiverScreen.Dicom.Tests.Support;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Tests;

public sealed class SortingAndGeometryTests
{
    [Fact]
    public void Slices_sort_by_position_along_the_normal_not_by_instance_number_or_file_name()
    {
        using var dir = new TempDir();
        // Instance numbers run backwards and scrambled; file names are random GUIDs.
        var order = new[] { 4, 0, 7, 2, 9, 1, 5, 3, 8, 6 };
        SyntheticSeries.Write(dir.Path, Phase.VP, 10, "1.2.3.4.1001", instanceNumber: z => order[z] + 100);

        var scan = new DicomScanner().Scan([dir.Path]);
        var series = Assert.Single(Assert.Single(scan.Studies).Series);
        var loaded = new SeriesLoader().Load(series);

        Assert.Equal(new Size3(96, 96, 10), loaded.Volume.Size);
        for (var k = 0; k < 10; k++)
        {
            Assert.Equal(-100 + 5.0 * k, series.Layout.Slices[k].ImagePosition!.Value.Z, 6);
            Assert.Equal(SyntheticSeries.Slice(Phase.VP, k, 1), loaded.Volume.Slice(k).ToArray());
        }

        Assert.Equal(5.0, loaded.Volume.Geometry.Spacing.Z, 6);
        Assert.Equal(3.5, loaded.Volume.Geometry.Spacing.X, 6);
        Assert.Equal(-100.0, loaded.Volume.Geometry.Origin.Z, 6);
        Assert.Empty(series.Layout.Warnings);
    }

    [Fact]
    public void Compressed_series_decoded_on_several_threads_equals_the_source()
    {
        using var dir = new TempDir();
        var files = SyntheticSeries.Write(dir.Path, Phase.AP, 12, "1.2.3.4.1006");
        foreach (var f in files)
        {
            TestDicomWriter.Convert("gdcmconv", "--jpegls", f, f + ".jls");
            File.Delete(f);
        }

        var series = new DicomScanner().Scan([dir.Path], 2).Studies.Single().Series.Single();
        Assert.Equal(TransferSyntaxes.JpegLsLossless, series.TransferSyntax);
        var loaded = new SeriesLoader().Load(series, maxThreads: 4);
        for (var k = 0; k < 12; k++)
        {
            Assert.Equal(SyntheticSeries.Slice(Phase.AP, k, 1), loaded.Volume.Slice(k).ToArray());
        }
    }

    [Fact]
    public void Feet_first_descending_positions_still_give_an_ascending_k_axis()
    {
        using var dir = new TempDir();
        SyntheticSeries.Write(dir.Path, Phase.NC, 6, "1.2.3.4.1002", position: z => new Vec3(0, 0, 50 - z * 2.5));
        var series = new DicomScanner().Scan([dir.Path]).Studies.Single().Series.Single();
        Assert.Equal(2.5, series.Layout.Geometry.Spacing.Z, 6);
        Assert.Equal(50 - 5 * 2.5, series.Layout.Geometry.Origin.Z, 6);
        // The last slice's IPP is where IndexToLps puts k = n-1.
        Assert.Equal(50.0, series.Layout.Geometry.IndexToLps(0, 0, 5).Z, 6);
    }

    [Fact]
    public void Gap_duplicate_and_uneven_spacing_are_reported()
    {
        using var dir = new TempDir();
        // Steps 5,5,5,15(gap of 2),5,0(duplicate),5,6.5(uneven)
        double[] z = [0, 5, 10, 15, 30, 35, 35, 40, 46.5];
        SyntheticSeries.Write(dir.Path, Phase.NC, z.Length, "1.2.3.4.1003", position: i => new Vec3(0, 0, z[i]));
        var scan = new DicomScanner().Scan([dir.Path]);
        var series = scan.Studies.Single().Series.Single();
        var kinds = series.Layout.Warnings.Select(w => w.Kind).ToList();
        Assert.Contains(GeometryWarningKind.MissingSlices, kinds);
        Assert.Contains(GeometryWarningKind.DuplicatePositions, kinds);
        Assert.Contains(GeometryWarningKind.UnevenSpacing, kinds);
        Assert.Contains("about 2 slice(s) missing", series.Layout.Warnings.First(w => w.Kind == GeometryWarningKind.MissingSlices).Message);
        Assert.Equal(8, series.SliceCount);
        Assert.Contains(scan.Problems, p => p.Reason.Contains("duplicate position"));
        Assert.DoesNotContain(GeometryWarningKind.GantryTilt, kinds);
    }

    [Fact]
    public void Gantry_tilt_is_detected_and_geometry_follows_the_positions()
    {
        using var dir = new TempDir();
        // Positions advance 5 mm in z and 1 mm in y per slice: about 11.3 degrees off the axial normal.
        SyntheticSeries.Write(dir.Path, Phase.NC, 6, "1.2.3.4.1004", position: i => new Vec3(0, i * 1.0, i * 5.0));
        var series = new DicomScanner().Scan([dir.Path]).Studies.Single().Series.Single();
        var w = Assert.Single(series.Layout.Warnings);
        Assert.Equal(GeometryWarningKind.GantryTilt, w.Kind);
        Assert.Equal(Math.Atan(1.0 / 5) * 180 / Math.PI, series.Layout.GantryTiltDegrees, 3);
        var last = series.Layout.Geometry.IndexToLps(0, 0, 5);
        Assert.Equal(5.0, last.Y, 6);
        Assert.Equal(25.0, last.Z, 6);
    }

    [Fact]
    public void Mixed_sizes_keep_the_majority_and_report_the_rest()
    {
        using var dir = new TempDir();
        SyntheticSeries.Write(dir.Path, Phase.NC, 5, "1.2.3.4.1005");
        TestDicomWriter.Write(dir.File("odd.dcm"), new TestDicomWriter.Slice
        {
            SeriesUid = "1.2.3.4.1005", Rows = 8, Columns = 8, Stored = new short[64], Position = new Vec3(0, 0, 100), PixelSpacing = 3.5,
        });
        var scan = new DicomScanner().Scan([dir.Path]);
        var series = scan.Studies.Single().Series.Single();
        Assert.Equal(5, series.SliceCount);
        Assert.Contains(series.Layout.Warnings, w => w.Kind == GeometryWarningKind.MixedSizes);
        Assert.Contains(scan.Problems, p => p.File.EndsWith("odd.dcm", StringComparison.Ordinal) && p.Reason.Contains("size"));
    }
}
