using LiverScreen.Contracts;
using LiverScreen.Pipeline.Stages;

namespace LiverScreen.Pipeline.Tests.TestDoubles;

/// <summary>How the fake stages treat one study: fail permanently at a stage, throw transient faults a number of
/// times at a stage, and what the study's lesions and decision are.</summary>
public sealed record StudyScript
{
    public StageName? FailAt { get; init; }
    public string FailCode { get; init; } = "dicom-undecodable";
    public StageName? TransientAt { get; init; }
    public int TransientFailures { get; init; }
    public TriageCategory Category { get; init; } = TriageCategory.NoFinding;
    public IReadOnlyList<LesionFinding> Lesions { get; init; } = [];
    public string Site { get; init; } = "Site A";
    public string Manufacturer { get; init; } = "GE MEDICAL SYSTEMS";
    public string Sex { get; init; } = "F";
    public int Age { get; init; } = 63;
}
