namespace LiverScreen.Dicom.Scanning;

/// <summary>Why a file, series or study did not become a loadable CT series.</summary>
public enum ProblemKind
{
    /// <summary>Read fine but not wanted: non-CT, localizer/scout, secondary capture, dose report/SR, non-axial.</summary>
    Dropped,
    /// <summary>Could not be read: not DICOM, truncated, corrupt, impossible size claim, missing geometry.</summary>
    Error,
}
