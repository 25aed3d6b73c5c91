using LiverScreen.Contracts.Results;

namespace LiverScreen.Detection.Patient;

/// <summary>
/// The joint model "Base+ReCls &amp; High+ReCls" of paper 002 (section V-B): where the two operating points give the same
/// patient class (Eq. 12) that class is the answer; where they differ the case is uncertain and goes to a radiologist.
/// </summary>
public sealed record JointDecision(PatientClass BaseRecls, PatientClass HighRecls)
{
    public bool Uncertain => BaseRecls != HighRecls;

    /// <summary>The agreed class, or null when uncertain.</summary>
    public PatientClass? Class => Uncertain ? null : BaseRecls;

    /// <summary>Whether the two agree on malignancy even when the exact class differs (a milder disagreement).</summary>
    public bool MalignancyAgrees => PatientClassifier.IsMalignant(BaseRecls) == PatientClassifier.IsMalignant(HighRecls);
}
