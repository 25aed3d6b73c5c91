namespace LiverScreen.Functions.Ingestion;

/// <summary>One study to screen: a key unique within the batch (the folder name) and the folder holding its DICOM files.</summary>
public sealed record StudySource(string StudyKey, string Folder);
