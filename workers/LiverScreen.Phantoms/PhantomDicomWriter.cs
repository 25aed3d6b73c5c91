using System.Globalization;
using LiverScreen.Contracts;
using LiverScreen.Dicom.Writing;
using LiverScreen.Imaging;

namespace LiverScreen.Phantoms;

/// <summary>Writes a phantom's phases (and its extra localizer / dose-report objects) as DICOM through
/// <see cref="CtSeriesWriter"/>: DIR/&lt;study&gt;/series-NNN/IMxxxx.dcm. Folder names never reveal the phase.</summary>
public static class PhantomDicomWriter
{
    public static string SeriesFolder(int seriesNumber) => string.Create(CultureInfo.InvariantCulture, $"series-{seriesNumber:D3}");

    public static void WritePhase(PhantomStudy study, PhantomPhase phase, RenderedPhase rendered, string studyDir)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(rendered);
        CtSeriesWriter.Write(Path.Combine(studyDir, SeriesFolder(phase.SeriesNumber)), Header(study, phase), rendered.Hu);
    }

    /// <summary>A coronal localizer (projection of the body's attenuation) and/or a dose-report screen, when drawn.</summary>
    public static void WriteExtras(PhantomStudy study, string studyDir)
    {
        ArgumentNullException.ThrowIfNull(study);
        var first = study.Phases[0];
        var rng = new Random(PhantomSampler.StudySeed(study.Seed, study.Index) ^ 0x5EED);
        if (study.HasLocalizer)
        {
            var g = first.Grid;
            // 2 mm pixels over the slab plus margins; values like a scout's (a scaled line integral, not HU).
            var cols = (int)Math.Ceiling(g.ExtentMm.X / 2);
            var rows = (int)Math.Ceiling((g.ExtentMm.Z + 100) / 2);
            var top = g.Origin.Z + g.ExtentMm.Z + 50;
            var pixels = new short[cols * rows];
            var nc = PhaseRenderer.Acquired(study, first.Phase).Hu;
            for (var r = 0; r < rows; r++)
            {
                var k = (int)Math.Round((top - 2 * r - g.Origin.Z) / g.Spacing.Z);
                for (var c = 0; c < cols; c++)
                {
                    var i = Math.Min((int)(c * 2 / g.Spacing.X), g.Size.X - 1);
                    var sum = 0.0;
                    if ((uint)k < (uint)g.Size.Z)
                    {
                        for (var j = 0; j < g.Size.Y; j += 2)
                        {
                            sum += nc[i, j, k] + 1000;
                        }
                    }

                    pixels[r * cols + c] = (short)Math.Clamp(sum * 2 / g.Size.Y, 0, 3000);
                }
            }

            var header = Header(study, first) with
            {
                SeriesInstanceUid = PhantomUid.Next(rng),
                SopInstanceUidBase = PhantomUid.Next(rng),
                SeriesNumber = 1,
                SeriesDescription = rng.NextDouble() < 0.5 ? "Topogram 0.6 T20f" : "SCOUT",
                ImageType = @"ORIGINAL\PRIMARY\LOCALIZER",
                ContrastBolusAgent = null,
                RescaleIntercept = 0,
                AcquisitionTime = first.AcquisitionTime - TimeSpan.FromSeconds(90),
            };
            var dir = Path.Combine(studyDir, SeriesFolder(1));
            Directory.CreateDirectory(dir);
            CtSeriesWriter.WriteSlice(Path.Combine(dir, "IM0001.dcm"), header, pixels, cols, rows, new Vec3(2, 2, 1),
                new Vec3(g.Origin.X, 0, top), 1, new Vec3(1, 0, 0), new Vec3(0, 0, -1));
        }

        if (study.HasDoseReport)
        {
            const int size = 512;
            var pixels = new short[size * size];
            // A dark screen with a few bright text-like bars: what a scanner's dose page looks like to a reader.
            for (var line = 0; line < 12; line++)
            {
                var y0 = 40 + line * 30;
                var len = 100 + rng.Next(300);
                for (var y = y0; y < y0 + 10; y++)
                {
                    for (var x = 30; x < 30 + len; x++)
                    {
                        pixels[y * size + x] = (short)((x / 7 % 2 == 0) ? 200 : 0);
                    }
                }
            }

            var last = study.Phases[^1];
            var header = Header(study, last) with
            {
                SeriesInstanceUid = PhantomUid.Next(rng),
                SopInstanceUidBase = PhantomUid.Next(rng),
                SeriesNumber = 999,
                SeriesDescription = "Dose Report",
                ImageType = @"DERIVED\SECONDARY\OTHER",
                SopClassUid = CtSeriesWriter.SecondaryCaptureStorage,
                ContrastBolusAgent = null,
                RescaleIntercept = 0,
                AcquisitionTime = last.AcquisitionTime + TimeSpan.FromSeconds(30),
            };
            var dir = Path.Combine(studyDir, SeriesFolder(999));
            Directory.CreateDirectory(dir);
            CtSeriesWriter.WriteSlice(Path.Combine(dir, "IM0001.dcm"), header, pixels, size, size, new Vec3(1, 1, 1), Vec3.Zero, 1);
        }
    }

    private static CtSeriesHeader Header(PhantomStudy study, PhantomPhase phase) => new()
    {
        PatientId = study.PatientId,
        PatientName = study.PatientName,
        PatientSex = study.Sex,
        PatientAgeYears = study.Age,
        StudyInstanceUid = study.StudyInstanceUid,
        SeriesInstanceUid = phase.SeriesInstanceUid,
        SopInstanceUidBase = phase.SeriesInstanceUid,
        FrameOfReferenceUid = study.FrameOfReferenceUid,
        AccessionNumber = study.AccessionNumber,
        StudyId = study.AccessionNumber[^6..],
        StudyDate = study.StudyDate,
        StudyTime = study.Phases[0].AcquisitionTime - TimeSpan.FromMinutes(3),
        AcquisitionTime = phase.AcquisitionTime,
        SeriesNumber = phase.SeriesNumber,
        SeriesDescription = phase.SeriesDescription,
        StudyDescription = study.Setting == "screening" ? "CT ABDOMEN LOW DOSE" : "CT LIVER MULTIPHASE",
        ContrastBolusAgent = phase.ContrastBolusAgent,
        Manufacturer = study.Manufacturer,
        ManufacturerModelName = study.ManufacturerModel,
        InstitutionName = study.Site,
        ConvolutionKernel = phase.Kernel,
        SliceThicknessMm = phase.SliceThicknessMm,
        RescaleIntercept = study.Manufacturer switch
        {
            "GE MEDICAL SYSTEMS" or "SIEMENS" => -1024,
            "Philips" => -1000,
            _ => 0,
        },
        Kvp = study.Setting == "screening" ? 100 : 120,
        ReversedOrder = phase.ReversedOrder,
    };

    /// <summary>Phase of each series folder of a study (for tests and the round-trip check).</summary>
    public static IReadOnlyDictionary<string, Phase> SeriesPhases(PhantomStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Phases.ToDictionary(p => SeriesFolder(p.SeriesNumber), p => p.Phase);
    }
}
