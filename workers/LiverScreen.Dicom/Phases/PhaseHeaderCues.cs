namespace LiverScreen.Dicom.Phases;

/// <summary>
/// The header side of phase identification for one series. <see cref="TimeRank"/> is the 0-based position of the series
/// among the study's series ordered by AcquisitionTime/ContentTime (null when times are missing or the study has one series).
/// </summary>
public sealed record PhaseHeaderCues(string? SeriesDescription, string? ContrastBolusAgent, int? TimeRank, int SeriesInStudy);
