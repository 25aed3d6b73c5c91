namespace LiverScreen.Dicom.Phases;

/// <summary>What is known about one series of a study before its phase is decided: header cues, the image measurement
/// (null when not decoded or not found) and its acquisition time in seconds since midnight (null when missing).</summary>
public sealed record SeriesPhaseObservation(PhaseHeaderCues Cues, ImagePhaseMeasurement? Image, double? TimeSeconds);
