namespace LiverScreen.Pipeline.Stages;

/// <summary>What the report breaks results down by, read from the DICOM header at ingest. Any field may be unknown.</summary>
public sealed record StudyDemographics(string? Site, string? Manufacturer, string? Sex, int? AgeYears)
{
    public static StudyDemographics Unknown { get; } = new(null, null, null, null);
}
