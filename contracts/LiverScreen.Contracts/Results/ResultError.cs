namespace LiverScreen.Contracts.Results;

/// <summary>Why a study failed: a stable code (e.g. "unreadable-dicom"), a message naming the study, the file and the
/// reason, and the offending file where known.</summary>
public sealed record ResultError(string Code, string Message, string? File = null);
