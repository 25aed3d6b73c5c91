using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Triage;

/// <summary>The patient-level decision (paper 002 section V-B) from the study's lesions, which the consumer loads from
/// the results database. Stores the per-study result document.</summary>
public interface ITriageStage
{
    Task<TriageOutcome> TriageAsync(StudyReclassified study, IReadOnlyList<LesionFinding> lesions, CancellationToken cancellationToken);
}
