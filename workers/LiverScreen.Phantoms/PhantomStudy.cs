using LiverScreen.Contracts;
using LiverScreen.Phantoms.Anatomy;

namespace LiverScreen.Phantoms;

/// <summary>
/// Everything about one synthetic study that was drawn from its seed: patient, anatomy, lesions, phases, acquisition
/// and header values. Drawing is cheap; pixels come from <see cref="PhaseRenderer"/>. Synthetic data, not a patient.
/// </summary>
public sealed class PhantomStudy
{
    internal PhantomStudy(BodyModel body, IReadOnlyDictionary<Phase, PhaseLook> looks)
    {
        Body = body;
        Looks = looks;
    }

    internal BodyModel Body { get; }

    internal IReadOnlyDictionary<Phase, PhaseLook> Looks { get; }

    public required int Seed { get; init; }

    /// <summary>Index of the study in its cohort (0-based); the folder is study-(Index+1).</summary>
    public required int Index { get; init; }

    public required PhantomPreset Preset { get; init; }

    /// <summary>"screening" (NC only) or "diagnosis".</summary>
    public required string Setting { get; init; }

    public required string Folder { get; init; }

    public required string PatientId { get; init; }

    public required string PatientName { get; init; }

    public required string AccessionNumber { get; init; }

    public required string StudyInstanceUid { get; init; }

    public required string FrameOfReferenceUid { get; init; }

    public required string Sex { get; init; }

    public required int Age { get; init; }

    public required string Site { get; init; }

    public required string Manufacturer { get; init; }

    public required string ManufacturerModel { get; init; }

    public required DateOnly StudyDate { get; init; }

    public required LiverVariant LiverVariant { get; init; }

    public required IReadOnlyList<PhantomPhase> Phases { get; init; }

    public required IReadOnlyList<PhantomLesion> Lesions { get; init; }

    public required Phase ReferencePhase { get; init; }

    /// <summary>Extra objects in the study folder that are not phases: a scout image and/or a dose-report object.</summary>
    public required bool HasLocalizer { get; init; }

    public required bool HasDoseReport { get; init; }

    /// <summary>Highest-priority lesion type (paper 002: HCC &gt; ICC &gt; Meta &gt; Hem &gt; Other &gt; Cyst) or "Normal".</summary>
    public string PatientClass
    {
        get
        {
            if (Lesions.Count == 0)
            {
                return "Normal";
            }

            // LesionType values are in priority order (HCC = 2 highest).
            return Lesions.Min(l => l.Type).ToString();
        }
    }

    public bool Malignant => Lesions.Any(l => l.Type is LesionType.HCC or LesionType.ICC or LesionType.Meta);

    public PhantomPhase PhaseOf(Phase phase) => Phases.First(p => p.Phase == phase);
}
