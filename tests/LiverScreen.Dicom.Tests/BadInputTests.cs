using LiverScreen.Contracts;
using LiverScreen.Dicom.Loading;
using LiverScreen.Dicom.Scanning;
using LiverScreen.Dicom.Tests.Support;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Tests;

/// <summary>Each bad input gives a problem naming the file (and study when known) with a reason; good studies still load.</summary>
public sealed class BadInputTests
{
    private const string GoodStudy = "1.2.826.0.1.3680043.9.7777.50";
    private const string BadStudy = "1.2.826.0.1.3680043.9.7777.51";

    private static ScanResult ScanWithGoodStudy(TempDir dir)
    {
        SyntheticSeries.Write(dir.Path, Phase.NC, 4, "1.2.3.4.5001", studyUid: GoodStudy);
        return new DicomScanner().Scan([dir.Path]);
    }

    private static void AssertGoodStudyLoads(ScanResult scan)
    {
        var good = Assert.Single(scan.Studies, s => s.StudyInstanceUid == GoodStudy);
        var volume = new SeriesLoader().Load(good.Series.Single()).Volume;
        Assert.Equal(4, volume.Size.Z);
    }

    [Fact]
    public void Non_dicom_file_is_reported_by_name()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("notes.txt"), "this is not DICOM, just some text that is long enough to have 132 bytes......................................................................");
        var scan = ScanWithGoodStudy(dir);
        var p = Assert.Single(scan.Problems);
        Assert.EndsWith("notes.txt", p.File, StringComparison.Ordinal);
        Assert.Contains("not a DICOM file", p.Reason, StringComparison.Ordinal);
        AssertGoodStudyLoads(scan);
    }

    [Fact]
    public void Empty_and_tiny_files_are_reported()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("empty.dcm"), []);
        File.WriteAllBytes(dir.File("tiny.dcm"), [1, 2, 3]);
        var scan = ScanWithGoodStudy(dir);
        Assert.Equal(2, scan.Problems.Count);
        Assert.All(scan.Problems, p => Assert.Contains("too short", p.Reason, StringComparison.Ordinal));
        AssertGoodStudyLoads(scan);
    }

    [Fact]
    public void Truncated_pixel_data_is_reported_and_the_study_is_named()
    {
        using var dir = new TempDir();
        var files = SyntheticSeries.Write(dir.Path, Phase.NC, 3, "1.2.3.4.5002", studyUid: BadStudy);
        var bytes = File.ReadAllBytes(files[1]);
        File.WriteAllBytes(files[1], bytes[..(bytes.Length - 1000)]);
        var scan = ScanWithGoodStudy(dir);
        var p = Assert.Single(scan.Problems, p => p.File == files[1]);
        Assert.Contains("truncated", p.Reason, StringComparison.Ordinal);
        Assert.Equal(BadStudy, p.StudyInstanceUid);
        AssertGoodStudyLoads(scan);
    }

    [Fact]
    public void Truncated_header_is_reported()
    {
        using var dir = new TempDir();
        var files = SyntheticSeries.Write(dir.Path, Phase.NC, 2, "1.2.3.4.5003", studyUid: BadStudy);
        File.WriteAllBytes(files[0], File.ReadAllBytes(files[0])[..300]);
        var scan = ScanWithGoodStudy(dir);
        Assert.Contains(scan.Problems, p => p.File == files[0] && p.Reason.Contains("truncated", StringComparison.Ordinal));
        AssertGoodStudyLoads(scan);
    }

    [Fact]
    public void Huge_size_claim_is_refused_before_allocating()
    {
        using var dir = new TempDir();
        var path = dir.File("huge.dcm");
        TestDicomWriter.Write(path, new TestDicomWriter.Slice { StudyUid = BadStudy, Rows = 4, Columns = 4, Stored = new short[16], ClaimedSize = (65535, 65535) });
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var scan = ScanWithGoodStudy(dir);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var p = Assert.Single(scan.Problems, p => p.File == path && p.Kind == ProblemKind.Error && p.StudyInstanceUid == BadStudy && p.Reason != "study has no usable axial CT image series");
        Assert.Contains("65535 x 65535", p.Reason, StringComparison.Ordinal);
        Assert.Contains(scan.Problems, q => q.StudyInstanceUid == BadStudy && q.Reason.Contains("no usable axial CT", StringComparison.Ordinal));
        Assert.True(allocated < 200_000_000, $"allocated {allocated} bytes");
        AssertGoodStudyLoads(scan);

        // The codec itself refuses too, if handed such a header directly.
        var codec = new GdcmDicomCodec();
        var ex = Assert.Throws<DicomReadException>(() => codec.DecodeHu(codec.ReadHeader(path), new short[16]));
        Assert.Contains("huge.dcm", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_slice_series_is_reported()
    {
        using var dir = new TempDir();
        var files = SyntheticSeries.Write(dir.Path, Phase.NC, 1, "1.2.3.4.5004", studyUid: BadStudy);
        var scan = ScanWithGoodStudy(dir);
        Assert.Contains(scan.Problems, p => p.File == files[0] && p.Reason.Contains("only one slice", StringComparison.Ordinal) && p.StudyInstanceUid == BadStudy);
        AssertGoodStudyLoads(scan);
    }

    [Fact]
    public void Study_without_ct_and_non_image_objects_are_dropped_with_reasons()
    {
        using var dir = new TempDir();
        var slice = new TestDicomWriter.Slice { StudyUid = BadStudy, Rows = 4, Columns = 4, Stored = new short[16] };
        TestDicomWriter.Write(dir.File("mr.dcm"), slice with { Modality = "MR", SopClassUid = "1.2.840.10008.5.1.4.1.1.4" });
        TestDicomWriter.Write(dir.File("sr.dcm"), slice with { SopClassUid = "1.2.840.10008.5.1.4.1.1.88.67", Modality = "SR" });
        TestDicomWriter.Write(dir.File("sc.dcm"), slice with { SopClassUid = "1.2.840.10008.5.1.4.1.1.7", Modality = "OT" });
        TestDicomWriter.Write(dir.File("scout.dcm"), slice with { ImageType = "ORIGINAL\\PRIMARY\\LOCALIZER" });
        TestDicomWriter.Write(dir.File("sag.dcm"), slice with { Row = new Vec3(0, 1, 0), Column = new Vec3(0, 0, -1) });
        var scan = ScanWithGoodStudy(dir);
        string Reason(string f) => scan.Problems.Single(p => p.Kind == ProblemKind.Dropped && p.File.EndsWith(f, StringComparison.Ordinal)).Reason;
        Assert.Contains("modality MR", Reason("mr.dcm"), StringComparison.Ordinal);
        Assert.Contains("structured report", Reason("sr.dcm"), StringComparison.Ordinal);
        Assert.Contains("secondary capture", Reason("sc.dcm"), StringComparison.Ordinal);
        Assert.Contains("localizer", Reason("scout.dcm"), StringComparison.Ordinal);
        Assert.Contains("non-axial (sagittal)", Reason("sag.dcm"), StringComparison.Ordinal);
        Assert.Contains(scan.Problems, p => p.StudyInstanceUid == BadStudy && p.Reason.Contains("no usable axial CT", StringComparison.Ordinal));
        AssertGoodStudyLoads(scan);
    }

    [Fact]
    public void Corrupt_compressed_pixels_fail_the_series_naming_study_and_file()
    {
        using var dir = new TempDir();
        var files = SyntheticSeries.Write(dir.Path, Phase.NC, 3, "1.2.3.4.5005", studyUid: BadStudy);
        var jls = Path.ChangeExtension(files[2], ".jls.dcm");
        TestDicomWriter.Convert("gdcmconv", "--jpegls", files[2], jls);
        File.Delete(files[2]);
        var bytes = File.ReadAllBytes(jls);
        // Keep the header, chop most of the compressed stream.
        File.WriteAllBytes(jls, bytes[..(bytes.Length / 2)]);
        var scan = ScanWithGoodStudy(dir);
        var bad = scan.Studies.Single(s => s.StudyInstanceUid == BadStudy).Series.Single();
        var ex = Assert.Throws<SeriesLoadException>(() => new SeriesLoader().Load(bad));
        Assert.Contains(BadStudy, ex.Message, StringComparison.Ordinal);
        Assert.Equal(jls, ex.File);
        AssertGoodStudyLoads(scan);
    }
}
