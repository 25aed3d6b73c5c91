namespace LiverScreen.Dicom.Scanning;

/// <summary>One reported problem: which study and series (when known), which file, and a reason a person can act on.</summary>
public sealed record DicomProblem(ProblemKind Kind, string File, string Reason, string? StudyInstanceUid = null, string? SeriesInstanceUid = null)
{
    public override string ToString() =>
        $"{(StudyInstanceUid is null ? "" : $"study {StudyInstanceUid}: ")}{File}: {Reason}";
}
