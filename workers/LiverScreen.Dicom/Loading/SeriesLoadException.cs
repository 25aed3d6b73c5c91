namespace LiverScreen.Dicom.Loading;

/// <summary>A series could not be built into a volume; the message names the study, the series, the file and the reason.</summary>
public sealed class SeriesLoadException : Exception
{
    public SeriesLoadException()
    {
    }

    public SeriesLoadException(string message)
        : base(message)
    {
    }

    public SeriesLoadException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SeriesLoadException(string studyInstanceUid, string seriesInstanceUid, string file, string reason, Exception? inner = null)
        : base($"study {studyInstanceUid}, series {seriesInstanceUid}: {file}: {reason}", inner)
    {
        StudyInstanceUid = studyInstanceUid;
        SeriesInstanceUid = seriesInstanceUid;
        File = file;
        Reason = reason;
    }

    public string? StudyInstanceUid { get; }

    public string? SeriesInstanceUid { get; }

    public string? File { get; }

    public string? Reason { get; }
}
