namespace LiverScreen.Contracts;

/// <summary>Patient-level decision of the triage stage (paper 002 section V-B plus technical failure).</summary>
public enum TriageCategory
{
    SuspectedMalignant,
    BenignFinding,
    NoFinding,
    Uncertain,
    TechnicalFailure,
}
