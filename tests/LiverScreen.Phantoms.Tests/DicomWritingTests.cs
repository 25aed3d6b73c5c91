using LiverScreen.Contracts;

namespace LiverScreen.Phantoms.Tests;

/// <summary>The written DICOM carries the rendered pixels and the geometry, read back with GDCM itself. (The check that
/// the ingest stage identifies the right phase for >= 99% of series needs the ingest reader and lives with it.)</summary>
public class DicomWritingTests
{
    [Fact]
    public void Written_series_reads_back_with_the_rendered_hu_and_slice_positions()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ls-phantom-dicom-" + Guid.NewGuid().ToString("N"));
        try
        {
            var study = PhantomSampler.Sample(61, 0, PhantomPreset.Diagnosis, new AcquisitionOverride(256, 12, 5.0, AllPhases: true));
            var phase = study.PhaseOf(Phase.AP);
            var rendered = PhaseRenderer.Acquired(study, Phase.AP);
            PhantomDicomWriter.WritePhase(study, phase, rendered, dir);
            var seriesDir = Path.Combine(dir, PhantomDicomWriter.SeriesFolder(phase.SeriesNumber));
            var files = Directory.GetFiles(seriesDir, "*.dcm").Order().ToArray();
            Assert.Equal(12, files.Length);
            var g = phase.Grid;
            foreach (var (file, n) in files.Select((f, i) => (f, i + 1)))
            {
                using var reader = new gdcm.ImageReader();
                reader.SetFileName(file);
                Assert.True(reader.Read(), file);
                var image = reader.GetImage();
                var k = phase.ReversedOrder ? n - 1 : g.Size.Z - n;
                Assert.Equal(g.IndexToLps(0, 0, k).Z, image.GetOrigin(2), 3);
                Assert.Equal(g.Spacing.X, image.GetSpacing(0), 4);
                var stored = new short[256 * 256];
                image.GetArray(stored);
                var intercept = image.GetIntercept();
                var src = rendered.Hu.Slice(k);
                for (var i = 0; i < stored.Length; i += 97)
                {
                    Assert.Equal(Math.Round(src[i]), stored[i] + intercept, 0);
                }
            }
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
