namespace LiverScreen.Contracts.Results;

/// <summary>Patient-level main lesion of paper 002 Eq. 12 (classifyPatient): the highest-priority lesion type found,
/// HCC &gt; ICC &gt; Meta &gt; Hem &gt; Other &gt; Cyst, else Normal. Values match <see cref="LesionType"/>.</summary>
public enum PatientClass
{
    Normal = 0,
    HCC = 2,
    ICC = 3,
    Meta = 4,
    Hem = 5,
    Other = 6,
    Cyst = 7,
}
