using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiverScreen.Contracts;
using LiverScreen.Dicom.Inspection;
using Xunit.Abstractions;

namespace LiverScreen.Phantoms.Tests;

/// <summary>
/// Issue 3 acceptance: DICOM written by the generator is read back by the ingest reader (DicomScanner + SeriesLoader +
/// PhaseIdentifier, through StudyInspector) with the right phase for at least 99% of series over at least 200 series.
/// Studies are drawn as in production (headers, descriptions incl. missing/misleading ones, contrast agent, timing,
/// reversed order, localizers, dose reports, noise, motion) except the grid: 256 x 256 (a matrix the generator also draws
/// on its own) with 16 slices of 5 mm (80 mm from above the diaphragm dome down into the liver; the aorta runs beside the spine throughout).
/// </summary>
public sealed class PhaseRoundTripTests(ITestOutputHelper output)
{
    private const int MinimumSeries = 200;
    private static readonly AcquisitionOverride Grid = new(256, 16, 5.0, AllPhases: false);
    private static readonly Phase[] Phases = [Phase.NC, Phase.AP, Phase.VP, Phase.DP, Phase.Unknown];

    [Fact]
    public void Ingest_reader_identifies_the_generated_phase_for_at_least_99_percent_of_200_series()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ls-phantom-roundtrip-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = Stopwatch.StartNew();
            var studies = Draw();
            Parallel.ForEach(studies, study =>
            {
                var studyDir = Path.Combine(dir, study.Folder);
                foreach (var phase in study.Phases)
                {
                    PhantomDicomWriter.WritePhase(study, phase, PhaseRenderer.Acquired(study, phase.Phase), studyDir);
                }

                PhantomDicomWriter.WriteExtras(study, studyDir);
            });
            var generated = clock.Elapsed;

            var report = new StudyInspector().Inspect([dir]);
            var read = clock.Elapsed - generated;

            // Truth by SeriesInstanceUid: the reader never sees folder names or the truth.
            var expected = studies.SelectMany(s => s.Phases).ToDictionary(p => p.SeriesInstanceUid, p => p.Phase);
            var confusion = new int[Phases.Length, Phases.Length];
            var misses = new List<string>();
            var seen = 0;
            foreach (var series in report.Studies.SelectMany(s => s.Series))
            {
                Assert.True(expected.TryGetValue(series.SeriesInstanceUid, out var truth), $"unexpected series {series.SeriesInstanceUid} ({series.SeriesDescription})");
                seen++;
                confusion[Array.IndexOf(Phases, truth), Array.IndexOf(Phases, series.Phase)]++;
                if (series.Phase != truth)
                {
                    misses.Add($"{truth} read as {series.Phase}: \"{series.SeriesDescription}\" agent={series.ContrastBolusAgent ?? "-"} " +
                        $"aorta={series.AortaHu?.ToString(CultureInfo.InvariantCulture) ?? "-"} liver={series.LiverHu?.ToString(CultureInfo.InvariantCulture) ?? "-"} " +
                        $"| {string.Join(" | ", series.Evidence)}");
                }
            }

            var correct = Enumerable.Range(0, 4).Sum(i => confusion[i, i]);
            output.WriteLine(Summary(studies.Count, seen, correct, confusion, generated, read));
            misses.ForEach(output.WriteLine);

            Assert.Equal(expected.Count, seen);
            Assert.True(seen >= MinimumSeries, $"only {seen} series generated");
            Assert.DoesNotContain(report.Problems, p => p.Kind == Dicom.Scanning.ProblemKind.Error);
            Assert.True(correct >= 0.99 * seen, $"{correct}/{seen} series with the right phase (< 99%):\n{string.Join('\n', misses)}");
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Diagnosis studies (NC, AP, VP, DP in two thirds) with every fourth a screening study (NC, low-dose noise),
    /// until at least <see cref="MinimumSeries"/> series.</summary>
    private static List<PhantomStudy> Draw()
    {
        var studies = new List<PhantomStudy>();
        for (var i = 0; studies.Sum(s => s.Phases.Count) < MinimumSeries; i++)
        {
            studies.Add(PhantomSampler.Sample(303, i, i % 4 == 3 ? PhantomPreset.Screening : PhantomPreset.Diagnosis, Grid));
        }

        return studies;
    }

    private static string Summary(int studies, int series, int correct, int[,] confusion, TimeSpan generated, TimeSpan read)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{studies} studies, {series} series, {correct} right ({100.0 * correct / series:F1}%); ")
          .Append(CultureInfo.InvariantCulture, $"generate+write {generated.TotalSeconds:F1} s, scan+load+identify {read.TotalSeconds:F1} s\n");
        sb.Append("| truth \\ read | NC | AP | VP | DP | Unknown | accuracy |\n|---|---|---|---|---|---|---|\n");
        for (var t = 0; t < 4; t++)
        {
            var row = Enumerable.Range(0, Phases.Length).Select(r => confusion[t, r]).ToArray();
            var n = row.Sum();
            sb.Append(CultureInfo.InvariantCulture, $"| {Phases[t]} | {string.Join(" | ", row)} | {(n == 0 ? "-" : $"{100.0 * row[t] / n:F1}% ({row[t]}/{n})")} |\n");
        }

        return sb.ToString();
    }
}
