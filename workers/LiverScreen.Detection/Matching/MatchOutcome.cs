namespace LiverScreen.Detection.Matching;

/// <summary>The outcomes of paper 002's "match" (Eq. 7).</summary>
public enum MatchOutcome
{
    /// <summary>Overlap with the same label.</summary>
    TP,
    /// <summary>False label: overlap, but only with lesions of another type.</summary>
    FL,
    /// <summary>A predicted lesion overlapping no true lesion.</summary>
    FP,
    /// <summary>A true lesion overlapping no predicted lesion.</summary>
    FN,
}
