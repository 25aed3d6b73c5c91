using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages;

/// <summary>
/// A permanent fault in one study (undecodable DICOM, no liver, missing phases): retrying cannot help. A stage service
/// throws it; the consumer ends the study as failed with <see cref="Code"/> and the message, and the batch goes on.
/// Any other exception is treated as transient and retried with backoff.
/// </summary>
public sealed class StageFailureException : Exception
{
    public StageFailureException()
        : this("unknown", "Stage failed.")
    {
    }

    public StageFailureException(string message)
        : this("unknown", message)
    {
    }

    public StageFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "unknown";
    }

    public StageFailureException(string code, string message, string? file = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        File = file;
    }

    /// <summary>Stable machine-readable reason, kebab-case (e.g. "dicom-undecodable", "no-liver", "missing-phases").
    /// Reports group failures by it.</summary>
    public string Code { get; }

    /// <summary>The offending file, where one is known.</summary>
    public string? File { get; }

    /// <summary>Set by the consumer when it reports the fault.</summary>
    public StageName? Stage { get; init; }
}
