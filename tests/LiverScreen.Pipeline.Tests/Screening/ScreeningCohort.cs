using LiverScreen.Dicom.Writing;
using LiverScreen.Imaging;
using LiverScreen.Phantoms;

namespace LiverScreen.Pipeline.Tests.Screening;

/// <summary>A tiny cohort on disk for the real stages: a 4-phase and an NC-only phantom (512 x 512, 12 slices of 5 mm),
/// a file that is not DICOM, a truncated DICOM file and a study whose only object is a Secondary Capture (no CT).</summary>
public static class ScreeningCohort
{
    public const string NotDicom = "broken-not-dicom";
    public const string Truncated = "broken-truncated";
    public const string NoCt = "broken-no-ct";

    public static (string Dir, IReadOnlyList<PhantomStudy> Phantoms) Write(string dir)
    {
        var writer = new CohortWriter(dir, PhantomPreset.Mixed, 7);
        var four = PhantomSampler.Sample(7, 0, PhantomPreset.Diagnosis, new AcquisitionOverride(512, 12, 5.0, AllPhases: true));
        var nc = PhantomSampler.Sample(7, 1, PhantomPreset.Screening, new AcquisitionOverride(512, 12, 5.0, AllPhases: false));
        writer.Add(four);
        writer.Add(nc);
        writer.Complete();

        Directory.CreateDirectory(Path.Combine(dir, NotDicom));
        File.WriteAllText(Path.Combine(dir, NotDicom, "IM0001.dcm"), "not DICOM at all");

        var firstSlice = Directory.EnumerateFiles(Path.Combine(dir, nc.Folder), "*.dcm", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(firstSlice);
        Directory.CreateDirectory(Path.Combine(dir, Truncated));
        File.WriteAllBytes(Path.Combine(dir, Truncated, "IM0001.dcm"), bytes[..(bytes.Length / 3)]);

        var header = new CtSeriesHeader
        {
            PatientId = "NOCT-1",
            PatientName = "NO^CT",
            PatientSex = "F",
            PatientAgeYears = 60,
            StudyInstanceUid = "2.25.1001",
            SeriesInstanceUid = "2.25.1002",
            SopInstanceUidBase = "2.25.1003",
            FrameOfReferenceUid = "2.25.1004",
            AccessionNumber = "A1",
            StudyId = "1",
            StudyDate = new DateOnly(2026, 1, 1),
            StudyTime = TimeSpan.FromHours(10),
            AcquisitionTime = TimeSpan.FromHours(10),
            SeriesNumber = 999,
            SeriesDescription = "DOSE REPORT",
            Manufacturer = "SYNTHETIC",
            ManufacturerModelName = "TEST",
            InstitutionName = "TEST SITE",
            ConvolutionKernel = "STANDARD",
            SliceThicknessMm = 5,
            RescaleIntercept = -1024,
            SopClassUid = CtSeriesWriter.SecondaryCaptureStorage,
        };
        var image = new Volume<float>(VolumeGeometry.Axial(new Size3(32, 32, 2), new Vec3(1, 1, 5), Vec3.Zero));
        CtSeriesWriter.Write(Path.Combine(dir, NoCt), header, image);
        return (dir, [four, nc]);
    }
}
