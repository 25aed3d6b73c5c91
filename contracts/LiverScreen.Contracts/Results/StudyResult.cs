namespace LiverScreen.Contracts.Results;

/// <summary>
/// The per-study result document, <c>results/&lt;StudyInstanceUid&gt;.json</c> (schema: docs/schemas/study-result.schema.json).
/// Serialise with <see cref="StudyResultJson"/>. The decision fields are null when <see cref="Status"/> is Failed.
/// <see cref="PatientClass"/> and <see cref="Lesions"/> are the joint model's (paper 002 section V-B): where the two
/// operating points disagree, <see cref="Triage"/> is Uncertain, <see cref="Uncertain"/> true, and the class and lesions
/// are those of high+recls (the more sensitive, so nothing is hidden from the radiologist).
/// </summary>
public sealed record StudyResult
{
    public const string CurrentFormat = "liverscreen-study-result/1";

    public string Format { get; init; } = CurrentFormat;

    /// <summary>True when produced by models trained on synthetic phantoms: not clinical output.</summary>
    public bool Synthetic { get; init; } = true;

    public required string StudyInstanceUid { get; init; }

    public string? PatientId { get; init; }

    public required StudyStatus Status { get; init; }

    public ResultError? Error { get; init; }

    public StudySetting? Setting { get; init; }

    public IReadOnlyList<PhaseResult> Phases { get; init; } = [];

    /// <summary>The series whose grid lesion coordinates and key slices refer to.</summary>
    public string? ReferenceSeriesInstanceUid { get; init; }

    public TriageCategory? Triage { get; init; }

    /// <summary>Sentences a screening coordinator can act on.</summary>
    public IReadOnlyList<string> TriageReasons { get; init; } = [];

    public PatientClass? PatientClass { get; init; }

    public bool? Malignant { get; init; }

    /// <summary>0..1: how strongly the study shows a malignant lesion (for ROC analysis; not a probability).</summary>
    public double? MalignancyScore { get; init; }

    /// <summary>0..1 confidence in the decision (paper 001): abstaining on the least confident studies should raise accuracy.</summary>
    public double? Confidence { get; init; }

    public bool? Uncertain { get; init; }

    public IReadOnlyList<ResultLesion> Lesions { get; init; } = [];

    public IReadOnlyList<OperatingPointResult> OperatingPoints { get; init; } = [];

    public IReadOnlyList<ModelRef> Models { get; init; } = [];

    /// <summary>Milliseconds per stage (ingest, align, segment, reclassify, triage).</summary>
    public IReadOnlyDictionary<string, double> TimingsMs { get; init; } = new Dictionary<string, double>();

    public DateTimeOffset? CompletedAt { get; init; }
}
