using LiverScreen.Contracts.Results;

namespace LiverScreen.Evaluation;

/// <summary>One results/*.json file: the parsed document, or why it could not be read.</summary>
public sealed record LoadedResult(string File, StudyResult? Result, string? Error);
