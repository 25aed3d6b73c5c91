using System.Globalization;
using LiverScreen.Contracts;

namespace LiverScreen.Dicom.Phases;

/// <summary>
/// Decides the phases of all series of one study together (the one place where the study-level reasoning lives).
/// A liver protocol is acquired in time order NC, AP, VP, DP (shared/docs/imaging-facts.md), each phase once, so when
/// every series has an acquisition time the series are grouped into acquisitions (times within
/// <see cref="SameAcquisitionSeconds"/>: several reconstructions of one acquisition share its phase) and only
/// assignments whose phases strictly increase with time are considered (at most 4 acquisitions). Each assignment is
/// scored by
/// <list type="bullet">
/// <item>the aorta HU of each series against the phase's aorta range (a robust, capped Gaussian log-likelihood: one
/// mis-measured series cannot outweigh the rest of the study);</item>
/// <item>liver enhancement between the study's series: the liver-region HU difference between two acquisitions
/// against the difference of the phases' liver means (NC 60, AP 77, VP 112, DP 92 HU). Differences, not absolute
/// values, because steatosis lowers the liver in every phase;</item>
/// <item>the header: a SeriesDescription naming the phase, ContrastBolusAgent present or absent (both are hints that
/// can be missing or wrong, so they weigh less than the image).</item>
/// </list>
/// The best assignment wins; a series' confidence is the share of the softmax over all assignments that agrees with
/// its phase. Without usable times (or with more than 4 acquisitions) each series is identified on its own by
/// <see cref="PhaseIdentifier"/>. A single series gets no help from the study and is also identified on its own.
/// </summary>
public static class StudyPhaseAssigner
{
    /// <summary>Series acquired within this many seconds are one acquisition (reconstructions of the same scan).</summary>
    public const double SameAcquisitionSeconds = 3;

    private static readonly Phase[] Order = [Phase.NC, Phase.AP, Phase.VP, Phase.DP];

    // Aorta HU per phase (centre, spread): the imaging-facts.md ranges (NC 35-45, AP 250-350, VP 150-180, DP 110-130)
    // widened by what the locator reads on unenhanced blood beside muscle and liver (40-65 HU) and by noise.
    private static readonly (double Mu, double Sigma)[] Aorta = [(45, 18), (295, 45), (165, 18), (120, 14)];

    // Liver parenchyma mean HU per phase (imaging-facts.md midpoints) and the spread of a difference between two
    // phases as the liver region measures it (texture, other tissue in the region, steatosis sparing contrast phases).
    private static readonly double[] Liver = [60, 77, 112, 92];
    private const double LiverDifferenceSigma = 15;

    /// <summary>Caps of one term's penalty (log units). The aorta is measured precisely (a lumen box averaged over
    /// slices), so a 5-sigma disagreement counts in full; the liver region mixes in other tissue on slabs that reach
    /// above the dome, so one liver comparison can cost at most 2 (about 2 sigma) and only tips close calls.</summary>
    private const double AortaCap = 12.5;
    private const double LiverCap = 2;

    /// <summary>Phases for each series of one study, in the order given.</summary>
    public static IReadOnlyList<PhaseResult> Assign(IReadOnlyList<SeriesPhaseObservation> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var single = series.Select(s => PhaseIdentifier.Identify(s.Cues, s.Image)).ToList();
        if (series.Count < 2 || series.Any(s => s.TimeSeconds is null))
        {
            return single;
        }

        // Acquisitions: series sorted by time, a new group where the gap exceeds SameAcquisitionSeconds.
        var byTime = Enumerable.Range(0, series.Count).OrderBy(i => series[i].TimeSeconds).ToList();
        var groupOf = new int[series.Count];
        var groups = 0;
        for (var n = 0; n < byTime.Count; n++)
        {
            if (n > 0 && series[byTime[n]].TimeSeconds - series[byTime[n - 1]].TimeSeconds > SameAcquisitionSeconds)
            {
                groups++;
            }

            groupOf[byTime[n]] = groups;
        }

        groups++;
        if (groups > Order.Length || groups < 2)
        {
            return single;
        }

        // Every strictly increasing choice of `groups` phases out of NC, AP, VP, DP.
        var candidates = Combinations(Order.Length, groups).ToList();
        var scores = candidates.Select(c => Score(series, groupOf, c)).ToArray();
        var best = Array.IndexOf(scores, scores.Max());
        var weights = scores.Select(s => Math.Exp(s - scores[best])).ToArray();
        var total = weights.Sum();

        var results = new List<PhaseResult>(series.Count);
        for (var i = 0; i < series.Count; i++)
        {
            var phase = Order[candidates[best][groupOf[i]]];
            var share = Enumerable.Range(0, candidates.Count).Where(c => Order[candidates[c][groupOf[i]]] == phase).Sum(c => weights[c]) / total;
            var own = single[i];
            var evidence = own.Evidence.ToList();
            var label = string.Join(", ", candidates[best].Select(p => Order[p]));
            evidence.Add(string.Create(CultureInfo.InvariantCulture,
                $"study: {groups} acquisition(s) in time order read best as {label} (of {candidates.Count} orderings; {share:P0} of the weight agrees on {phase})"));
            if (own.Phase != phase)
            {
                evidence.Add($"study: {phase} replaces the series-alone reading {own.Phase}");
            }

            var disagree = (own.HeaderPhase != Phase.Unknown && own.HeaderPhase != phase) || (own.ImagePhase != Phase.Unknown && own.ImagePhase != phase);
            // Confidence: the posterior share, lowered when the series' own cues point elsewhere.
            var confidence = Math.Min(0.99, share) * (disagree ? 0.85 : 1);
            results.Add(own with { Phase = phase, Confidence = Math.Round(confidence, 3), Evidence = evidence, Disagreement = disagree });
        }

        return results;
    }

    private static double Score(IReadOnlyList<SeriesPhaseObservation> series, int[] groupOf, int[] phases)
    {
        double score = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var p = phases[groupOf[i]];
            var s = series[i];
            if (s.Image is { } m)
            {
                score -= Penalty((m.AortaHu - Aorta[p].Mu) / Aorta[p].Sigma, AortaCap);
            }

            score += Header(s.Cues, Order[p]);
        }

        // Liver enhancement between acquisitions (each pair of series once).
        for (var i = 0; i < series.Count; i++)
        {
            for (var j = i + 1; j < series.Count; j++)
            {
                if (groupOf[i] == groupOf[j] || series[i].Image?.LiverHu is not { } li || series[j].Image?.LiverHu is not { } lj)
                {
                    continue;
                }

                var expected = Liver[phases[groupOf[j]]] - Liver[phases[groupOf[i]]];
                score -= Penalty((lj - li - expected) / LiverDifferenceSigma, LiverCap);
            }
        }

        return score;
    }

    private static double Penalty(double z, double cap) => Math.Min(0.5 * z * z, cap);

    /// <summary>Header log-odds for <paramref name="phase"/>: a description naming it (+2) or another phase (-1);
    /// a contrast agent present (+0.7 for contrast phases) or absent (+0.7 for NC).</summary>
    private static double Header(PhaseHeaderCues cues, Phase phase)
    {
        double score = 0;
        if (PhaseIdentifier.DescriptionPhase(cues.SeriesDescription) is { } d)
        {
            score += d == phase ? 2 : -1;
        }

        var contrast = PhaseIdentifier.HasContrastAgent(cues.ContrastBolusAgent);
        score += contrast == (phase != Phase.NC) ? 0.7 : 0;
        return score;
    }

    /// <summary>All strictly increasing k-tuples of 0..n-1.</summary>
    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        var c = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])c.Clone();
            var i = k - 1;
            while (i >= 0 && c[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            c[i]++;
            for (var j = i + 1; j < k; j++)
            {
                c[j] = c[j - 1] + 1;
            }
        }
    }
}
