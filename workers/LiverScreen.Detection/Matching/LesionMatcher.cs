using LiverScreen.Detection.Lesions;

namespace LiverScreen.Detection.Matching;

/// <summary>
/// Paper 002's "match" (Eq. 7): pairs a predicted and a true lesion set. Two lesions are linked when they overlap
/// (voxel masks on one grid, or <see cref="CoordinateMatchRule"/> when only centres and boxes are known). A true lesion
/// is TP when some linked prediction has its type, FL when it is linked only to other types, FN when unlinked; a
/// prediction likewise is TP, FL or FP. Many-to-many links are allowed (a lesion split in two by the model still counts
/// once as found), which is how the paper counts "lesion sites".
/// </summary>
public static class LesionMatcher
{
    /// <summary>Voxel-overlap match of two seg2det outputs found on the same grid.</summary>
    public static MatchResult Match(IReadOnlyList<DetectedLesion> predicted, IReadOnlyList<DetectedLesion> truth)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        return Match(
            predicted.Select(p => new MatchSite(p.Id, p.Type)).ToList(),
            truth.Select(t => new MatchSite(t.Id, t.Type)).ToList(),
            (p, t) =>
            {
                var (a, b) = (predicted[p], truth[t]);
                // Boxes first: most pairs are far apart and need no merge of voxel lists.
                if (a.Box.X1 < b.Box.X0 || b.Box.X1 < a.Box.X0 || a.Box.Y1 < b.Box.Y0 || b.Box.Y1 < a.Box.Y0 || a.Box.Z1 < b.Box.Z0 || b.Box.Z1 < a.Box.Z0)
                {
                    return 0;
                }

                return a.OverlapWith(b);
            });
    }

    /// <summary>
    /// The core of Eq. 7 over any linking: <paramref name="affinity"/>(predictedIndex, truthIndex) &gt; 0 links the two;
    /// larger is a better partner (voxel overlap, or closeness for coordinate matching).
    /// </summary>
    public static MatchResult Match(IReadOnlyList<MatchSite> predicted, IReadOnlyList<MatchSite> truth, Func<int, int, double> affinity)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(affinity);
        var aff = new double[predicted.Count, truth.Count];
        for (var p = 0; p < predicted.Count; p++)
        {
            for (var t = 0; t < truth.Count; t++)
            {
                aff[p, t] = affinity(p, t);
            }
        }

        var truthMatches = new List<SiteMatch>(truth.Count);
        for (var t = 0; t < truth.Count; t++)
        {
            var linked = Enumerable.Range(0, predicted.Count).Where(p => aff[p, t] > 0).ToList();
            truthMatches.Add(Resolve(truth[t], linked.Select(p => (predicted[p], aff[p, t])).ToList(), MatchOutcome.FN));
        }

        var predictedMatches = new List<SiteMatch>(predicted.Count);
        for (var p = 0; p < predicted.Count; p++)
        {
            var linked = Enumerable.Range(0, truth.Count).Where(t => aff[p, t] > 0).ToList();
            predictedMatches.Add(Resolve(predicted[p], linked.Select(t => (truth[t], aff[p, t])).ToList(), MatchOutcome.FP));
        }

        return new MatchResult(truthMatches, predictedMatches);
    }

    private static SiteMatch Resolve(MatchSite site, List<(MatchSite Other, double Affinity)> linked, MatchOutcome unmatched)
    {
        if (linked.Count == 0)
        {
            return new SiteMatch(site.Id, site.Type, unmatched, null, null, []);
        }

        var types = linked.Select(l => l.Other.Type).Distinct().Order().ToList();
        var same = linked.Where(l => l.Other.Type == site.Type).ToList();
        var pool = same.Count > 0 ? same : linked;
        var best = pool.OrderByDescending(l => l.Affinity).ThenBy(l => l.Other.Id).First().Other;
        return new SiteMatch(site.Id, site.Type, same.Count > 0 ? MatchOutcome.TP : MatchOutcome.FL, best.Id, best.Type, types);
    }
}
