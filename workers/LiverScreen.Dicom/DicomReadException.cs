namespace LiverScreen.Dicom;

/// <summary>A file could not be read as LiverScreen needs it; <see cref="Exception.Message"/> names the file and the reason.</summary>
public sealed class DicomReadException : Exception
{
    public DicomReadException()
    {
    }

    public DicomReadException(string message)
        : base(message)
    {
    }

    public DicomReadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DicomReadException(string filePath, string reason)
        : base($"{filePath}: {reason}")
    {
        FilePath = filePath;
        Reason = reason;
    }

    public string? FilePath { get; }

    public string? Reason { get; }
}
