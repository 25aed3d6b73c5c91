using LiverScreen.Contracts;

namespace LiverScreen.Detection.Matching;

/// <summary>A lesion as the matcher sees it: an id and a type.</summary>
public sealed record MatchSite(int Id, LesionType Type);
