using LiverScreen.Phantoms;

namespace LiverScreen.Cli.Pipeline;

/// <summary>
/// The demo's cohort: synthetic phantom studies of the "mixed" preset (NC-only screening and multi-phase diagnosis,
/// with and without lesions), drawn at a fixed small grid so the demo screens in minutes on 2 cores, plus one broken
/// study (a file that is not DICOM) to show that a bad study is reported, not fatal. Same seed, same bytes.
/// </summary>
public static class DemoCohort
{
    /// <summary>512 x 512 in-plane (fitted to the body, as the phase identifier's aorta finder expects), 40 slices of 5 mm:
    /// the whole liver at a clinical matrix but a thin-slab slice count.</summary>
    public static AcquisitionOverride DemoShape { get; } = new(512, 40, 5.0, AllPhases: false);

    public const string BrokenStudyFolder = "study-broken-not-dicom";

    public static string Write(string dir, int studies, int seed, AcquisitionOverride shape, bool includeBroken, IProgress<int>? progress = null, PhantomPreset preset = PhantomPreset.Mixed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(studies);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true); // regenerated from the seed: never mix with an older cohort
        }

        var writer = new CohortWriter(dir, preset, seed);
        for (var i = 0; i < studies; i++)
        {
            writer.Add(PhantomSampler.Sample(seed, i, preset, shape));
            progress?.Report(i + 1);
        }

        writer.Complete();
        if (includeBroken)
        {
            var broken = Path.Combine(dir, BrokenStudyFolder);
            Directory.CreateDirectory(broken);
            File.WriteAllText(Path.Combine(broken, "IM0001.dcm"), "This file is deliberately not DICOM: the demo shows how a broken study is reported.\n");
        }

        return dir;
    }
}
