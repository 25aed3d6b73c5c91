using LiverScreen.Contracts;

namespace LiverScreen.Detection.Matching;

/// <summary>
/// How one lesion of one set fared against the other set: its outcome, its best partner (largest overlap, same type
/// preferred) and the types of every lesion it overlaps (so group metrics such as "malignant" can be derived:
/// a true HCC overlapped by a predicted Meta is FL for HCC but a hit for the malignant group).
/// </summary>
public sealed record SiteMatch(
    int Id,
    LesionType Type,
    MatchOutcome Outcome,
    int? PartnerId,
    LesionType? PartnerType,
    IReadOnlyList<LesionType> OverlappingTypes);
