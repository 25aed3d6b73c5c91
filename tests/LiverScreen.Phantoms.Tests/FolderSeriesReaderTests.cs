using LiverScreen.Contracts;
using LiverScreen.Dicom.Loading;

namespace LiverScreen.Phantoms.Tests;

/// <summary>The (folder, seriesUid) loader that `bench align --cohort` uses: picks the series by UID among the
/// study's series and returns its HU; an unknown UID is a clear error naming folder and series.</summary>
public class FolderSeriesReaderTests
{
    [Fact]
    public void Loads_the_phase_by_series_uid_with_its_hu_and_rejects_an_unknown_uid()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ls-phantom-folder-" + Guid.NewGuid().ToString("N"));
        try
        {
            var study = PhantomSampler.Sample(62, 0, PhantomPreset.Diagnosis, new AcquisitionOverride(128, 6, 5.0, AllPhases: true));
            var rendered = new Dictionary<Phase, RenderedPhase>();
            foreach (var phase in study.Phases.Where(p => p.Phase is Phase.NC or Phase.AP))
            {
                rendered[phase.Phase] = PhaseRenderer.Acquired(study, phase.Phase);
                PhantomDicomWriter.WritePhase(study, phase, rendered[phase.Phase], dir);
            }

            var reader = new FolderSeriesReader();
            var ap = reader.Load(dir, study.PhaseOf(Phase.AP).SeriesInstanceUid);
            var expected = rendered[Phase.AP].Hu;
            Assert.Equal(expected.Geometry.Size, ap.Geometry.Size);
            Assert.Equal(expected.Geometry.Origin.Z, ap.Geometry.Origin.Z, 3);
            for (var i = 0; i < ap.Data.Length; i += 31)
            {
                Assert.Equal(Math.Round(expected.Data[i]), ap.Data[i]);
            }

            var ex = Assert.Throws<SeriesLoadException>(() => reader.Load(dir, "2.25.1"));
            Assert.Contains("2.25.1", ex.Message, StringComparison.Ordinal);
            Assert.Contains(dir, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
