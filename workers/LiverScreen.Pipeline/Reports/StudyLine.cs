using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Reports;

/// <summary>One line per study in studies.csv: its terminal state and decision.</summary>
public sealed record StudyLine(
    string StudyKey,
    string? PatientId,
    string? StudyInstanceUid,
    string Status,
    TriageCategory? Category,
    double? Confidence,
    string? Reason,
    int Lesions,
    string? Site,
    string? Manufacturer,
    string? Sex,
    int? AgeYears,
    string? FailureStage,
    string? FailureCode);
