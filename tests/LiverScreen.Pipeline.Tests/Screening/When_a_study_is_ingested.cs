using System.Diagnostics;
using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Phantoms;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Real;
using LiverScreen.Storage.Local;

namespace LiverScreen.Pipeline.Tests.Screening;

/// <summary>
/// The real DICOM ingest on a generated 4-phase phantom study. Series are ingested two at a time, so this pins what
/// must not depend on which one finishes first: the stored phases come back in acquisition-time order, each stored
/// volume is that series' HU, and an undecodable series among good ones is recorded with its file and skipped.
/// </summary>
public sealed class When_a_study_is_ingested : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ls-ingest-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Should_keep_time_order_and_skip_an_undecodable_series_naming_its_file()
    {
        var dir = Path.Combine(_root, "cohort");
        var writer = new CohortWriter(dir, PhantomPreset.Diagnosis, 11);
        var phantom = PhantomSampler.Sample(11, 0, PhantomPreset.Diagnosis, new AcquisitionOverride(128, 8, 5.0, AllPhases: true));
        writer.Add(phantom);
        writer.Complete();
        var folder = Path.Combine(dir, phantom.Folder);
        var store = new LocalFileObjectStore(Path.Combine(_root, "store"));
        var stage = new DicomIngestStage(store);

        var intact = await stage.IngestAsync(new IngestStudy(Guid.NewGuid(), phantom.Folder, folder), CancellationToken.None);
        Assert.Equal([Phase.NC, Phase.AP, Phase.VP, Phase.DP], intact.Series.Select(s => s.Phase));

        // The second series in time order (AP): one slice recompressed to JPEG-LS and cut short, so its header scans
        // but its pixels do not decode.
        var volumes = Directory.GetDirectories(folder).Where(d => Directory.GetFiles(d, "*.dcm").Length > 1).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(4, volumes.Count);
        var slice = Directory.GetFiles(volumes[1], "*.dcm").Order(StringComparer.Ordinal).ElementAt(3);
        var broken = Path.ChangeExtension(slice, ".jls.dcm");
        using (var gdcmconv = Process.Start(new ProcessStartInfo("gdcmconv", ["--jpegls", slice, broken]))!)
        {
            await gdcmconv.WaitForExitAsync();
            Assert.Equal(0, gdcmconv.ExitCode);
        }

        File.Delete(slice);
        var bytes = await File.ReadAllBytesAsync(broken);
        await File.WriteAllBytesAsync(broken, bytes[..(bytes.Length / 2)]);

        var batch = Guid.NewGuid();
        var outcome = await stage.IngestAsync(new IngestStudy(batch, phantom.Folder, folder), CancellationToken.None);

        var kept = intact.Series.Where(s => s.Phase != Phase.AP).ToList();
        Assert.Equal(kept.Select(s => s.SeriesInstanceUid), outcome.Series.Select(s => s.SeriesInstanceUid));
        foreach (var (before, after) in kept.Zip(outcome.Series))
        {
            var a = await StageStore.GetVolumeAsync<short>(store, before.VolumeKey, CancellationToken.None);
            var b = await StageStore.GetVolumeAsync<short>(store, after.VolumeKey, CancellationToken.None);
            Assert.Equal(a.Data, b.Data);
        }

        var info = JsonSerializer.Deserialize<StudyInfoDocument>(await StageStore.GetTextAsync(store, outcome.StudyInfoKey, CancellationToken.None), PipelineJson.Options)!;
        var ap = info.Series.Single(s => s.SeriesInstanceUid == intact.Series[1].SeriesInstanceUid);
        Assert.Null(ap.VolumeKey);
        Assert.Contains(Path.GetFileName(broken), ap.Problem, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
