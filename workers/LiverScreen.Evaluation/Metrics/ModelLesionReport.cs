namespace LiverScreen.Evaluation.Metrics;

/// <summary>Lesion-level results of one model variant: Tables II/III/V rows, the size bins, and malignant lesions of at
/// least 1 cm3 (the project's lesion-level target).</summary>
public sealed record ModelLesionReport(string Model, int Studies, IReadOnlyList<LesionRow> ByType, IReadOnlyList<SizeBinRow> BySize, LesionRow MalignantAtLeast1Cc);
