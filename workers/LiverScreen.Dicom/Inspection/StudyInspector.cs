using LiverScreen.Dicom.Loading;
using LiverScreen.Dicom.Phases;
using LiverScreen.Dicom.Scanning;

namespace LiverScreen.Dicom.Inspection;

/// <summary>
/// Scans inputs, then builds each series' volume one at a time (so memory holds one volume), identifies its phase and
/// drops the volume. A series that fails to decode gets <see cref="SeriesReport.Error"/> and a header-only phase;
/// the other series and studies go on.
/// </summary>
public sealed class StudyInspector(IDicomCodec codec)
{
    public const int SchemaVersion = 1;

    public StudyInspector()
        : this(new GdcmDicomCodec())
    {
    }

    /// <param name="useImage">False: header-only phase (no pixels decoded).</param>
    /// <param name="onSeries">Called before each series is loaded with (index, total, series) for progress.</param>
    public InspectionReport Inspect(IReadOnlyList<string> inputs, bool useImage = true, int maxThreads = 0, Action<int, int, CtSeries>? onSeries = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var scan = new DicomScanner(codec).Scan(inputs, maxThreads);
        var loader = new SeriesLoader(codec);
        var total = scan.Studies.Sum(s => s.Series.Count);
        var index = 0;
        var studies = new List<StudyReport>();
        foreach (var study in scan.Studies)
        {
            // Measure every series first (one volume in memory at a time), then decide the study's phases together.
            var observations = new List<SeriesPhaseObservation>();
            var errors = new List<string?>();
            foreach (var s in study.Series)
            {
                onSeries?.Invoke(index++, total, s);
                var cues = PhaseIdentifier.CuesFor(s, study);
                string? error = null;
                ImagePhaseMeasurement? image = null;
                if (useImage)
                {
                    try
                    {
                        image = AortaLocator.Measure(loader.Load(s, maxThreads).Volume);
                    }
                    catch (SeriesLoadException ex)
                    {
                        error = ex.Message;
                    }
                }

                observations.Add(new SeriesPhaseObservation(cues, image, s.TimeSeconds));
                errors.Add(error);
            }

            var phases = StudyPhaseAssigner.Assign(observations);
            var series = study.Series.Select((s, i) => ToReport(s, phases[i], errors[i])).ToList();
            studies.Add(new StudyReport(study.StudyInstanceUid, study.PatientId, study.PatientSex, study.PatientAge, study.PatientBirthDate,
                study.InstitutionName, study.Manufacturer, study.StudyDate, study.StudyDescription, series));
        }

        return new InspectionReport(SchemaVersion, inputs.ToList(), scan.FilesScanned, studies,
            scan.Problems.Select(p => new ProblemReport(p.Kind, p.File, p.Reason, p.StudyInstanceUid, p.SeriesInstanceUid)).ToList());
    }

    private static SeriesReport ToReport(CtSeries s, PhaseResult phase, string? error)
    {
        var g = s.Layout.Geometry;
        var geometry = new GeometryReport(
            [g.Size.X, g.Size.Y, g.Size.Z],
            [Round(g.Spacing.X), Round(g.Spacing.Y), Round(g.Spacing.Z)],
            [Round(g.Origin.X), Round(g.Origin.Y), Round(g.Origin.Z)],
            g.Direction.ToArray().Select(Round).ToArray(),
            Math.Round(s.Layout.GantryTiltDegrees, 3));
        return new SeriesReport(s.SeriesInstanceUid, s.SeriesNumber, s.SeriesDescription, s.ContrastBolusAgent, s.AcquisitionTime, s.ContentTime,
            s.SliceThickness, s.Kvp, TransferSyntaxes.Name(s.TransferSyntax), s.SliceCount, phase.Phase, phase.Confidence, phase.HeaderPhase, phase.ImagePhase,
            phase.Image is null ? null : Math.Round(phase.Image.AortaHu, 1), phase.Image?.LiverHu is { } l ? Math.Round(l, 1) : null,
            phase.Evidence, geometry, s.Layout.Warnings.Select(w => new WarningReport(w.Kind, w.Message)).ToList(), error);
    }

    private static double Round(double v) => Math.Round(v, 4);
}
