using System.Globalization;
using System.Text.RegularExpressions;
using LiverScreen.Contracts;
using LiverScreen.Dicom.Scanning;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Phases;

/// <summary>
/// Identifies a series' contrast phase (NC, AP, VP, DP or Unknown) from header cues and the image, as a pure function.
/// Header: SeriesDescription patterns (weight 2), ContrastBolusAgent present/absent (0.5), acquisition order in the
/// study (1). Image: aorta HU with thresholds halfway between the phase ranges of shared/docs/imaging-facts.md
/// (aorta NC 35-45, DP 110-130, VP 150-180, AP 250-350 HU), the liver HU breaking ties near the DP/VP boundary.
/// SeriesDescription is often wrong, so the image wins whenever it gives a phase; a disagreement is put in the evidence.
/// </summary>
public static partial class PhaseIdentifier
{
    /// <summary>Aorta HU boundaries: NC below 80, DP 80-140, VP 140-215, AP above 215.</summary>
    public const double NcDpBoundary = 80;
    public const double DpVpBoundary = 140;
    public const double VpApBoundary = 215;

    /// <summary>Header cues of <paramref name="series"/> within its study (description, agent, time rank).</summary>
    public static PhaseHeaderCues CuesFor(CtSeries series, CtStudy study)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(study);
        int? rank = null;
        if (study.Series.Count > 1 && study.Series.All(s => s.TimeSeconds is not null))
        {
            rank = study.Series.OrderBy(s => s.TimeSeconds).ToList().FindIndex(s => s.SeriesInstanceUid == series.SeriesInstanceUid);
        }

        return new PhaseHeaderCues(series.SeriesDescription, series.ContrastBolusAgent, rank, study.Series.Count);
    }

    /// <summary>Identifies the phase; <paramref name="volume"/> may be null (header only, lower confidence).</summary>
    public static PhaseResult Identify(PhaseHeaderCues cues, Volume<short>? volume)
    {
        ArgumentNullException.ThrowIfNull(cues);
        return Identify(cues, volume is null ? null : AortaLocator.Measure(volume));
    }

    /// <summary>Identifies the phase from header cues and an image measurement (null when not measured or not found).</summary>
    public static PhaseResult Identify(PhaseHeaderCues cues, ImagePhaseMeasurement? image)
    {
        ArgumentNullException.ThrowIfNull(cues);
        var evidence = new List<string>();
        var (headerPhase, headerConfidence) = FromHeader(cues, evidence);
        var (imagePhase, imageConfidence) = image is null ? (Phase.Unknown, 0.0) : FromImage(image, evidence);
        if (image is null)
        {
            evidence.Add("image: aorta not found (no vertebra/body detected or no volume given)");
        }

        if (imagePhase == Phase.Unknown)
        {
            return new PhaseResult(headerPhase, headerPhase == Phase.Unknown ? 0 : Math.Min(headerConfidence, 0.6), evidence, headerPhase, imagePhase, image, false);
        }

        var disagree = headerPhase != Phase.Unknown && headerPhase != imagePhase;
        double confidence;
        if (disagree)
        {
            evidence.Add($"header says {headerPhase} but the image says {imagePhase}: the image wins");
            confidence = imageConfidence * 0.85;
        }
        else if (headerPhase == imagePhase)
        {
            evidence.Add($"header and image agree on {imagePhase}");
            confidence = Math.Min(0.99, imageConfidence + 0.5 * (1 - imageConfidence) * headerConfidence);
        }
        else
        {
            confidence = imageConfidence;
        }

        return new PhaseResult(imagePhase, Math.Round(confidence, 3), evidence, headerPhase, imagePhase, image, disagree);
    }

    private static (Phase, double) FromImage(ImagePhaseMeasurement m, List<string> evidence)
    {
        var a = m.AortaHu;
        Phase phase;
        double margin;
        if (a < NcDpBoundary)
        {
            phase = Phase.NC;
            margin = NcDpBoundary - a;
        }
        else if (a < DpVpBoundary)
        {
            phase = Phase.DP;
            margin = Math.Min(a - NcDpBoundary, DpVpBoundary - a);
        }
        else if (a < VpApBoundary)
        {
            phase = Phase.VP;
            margin = Math.Min(a - DpVpBoundary, VpApBoundary - a);
        }
        else
        {
            phase = Phase.AP;
            margin = a - VpApBoundary;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"image: aorta {a:0} HU over {m.SlicesUsed} slice(s) reads as {phase}");
        if (m.LiverHu is { } liver)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; liver region {liver:0} HU");
            // Near the DP/VP boundary the liver separates them (VP liver 100-125 HU, DP 85-100 HU).
            if (Math.Abs(a - DpVpBoundary) < 15 && phase is Phase.DP or Phase.VP)
            {
                var byLiver = liver >= 100 ? Phase.VP : Phase.DP;
                if (byLiver != phase)
                {
                    line += $"; aorta is near the DP/VP boundary and the liver says {byLiver}";
                    phase = byLiver;
                    margin = 2;
                }
            }
        }

        evidence.Add(line);
        // Confidence grows with the distance (HU) from the nearest boundary: 0.55 at the boundary, 0.95 at 40 HU.
        return (phase, Math.Clamp(0.55 + margin / 100, 0.55, 0.95));
    }

    private static (Phase, double) FromHeader(PhaseHeaderCues cues, List<string> evidence)
    {
        var score = new double[4];
        if (DescriptionPhase(cues.SeriesDescription) is { } d)
        {
            score[(int)d] += 2;
            evidence.Add($"header: SeriesDescription \"{cues.SeriesDescription}\" suggests {d}");
        }
        else
        {
            evidence.Add(cues.SeriesDescription is null ? "header: no SeriesDescription" : $"header: SeriesDescription \"{cues.SeriesDescription}\" names no phase");
        }

        var agent = cues.ContrastBolusAgent?.Trim();
        if (HasContrastAgent(agent))
        {
            score[1] += 0.5;
            score[2] += 0.5;
            score[3] += 0.5;
            evidence.Add($"header: ContrastBolusAgent \"{agent}\": contrast given");
        }
        else
        {
            score[0] += 0.5;
            evidence.Add("header: no ContrastBolusAgent (weak: often left empty)");
        }

        if (cues.TimeRank is { } rank && cues.SeriesInStudy > 1)
        {
            // Liver protocols run NC, AP, VP, DP in that order; a two-series study is usually NC + VP.
            Phase? byOrder = cues.SeriesInStudy == 2 ? (rank == 0 ? Phase.NC : Phase.VP) : rank <= 3 ? (Phase)rank : null;
            if (byOrder is { } o)
            {
                score[(int)o] += 1;
                evidence.Add($"header: acquired {Ordinal(rank + 1)} of {cues.SeriesInStudy} series in the study, fits {o}");
            }
        }

        var max = score.Max();
        if (max < 1)
        {
            return (Phase.Unknown, 0);
        }

        var best = Array.IndexOf(score, max);
        if (score.Count(s => s == max) > 1)
        {
            return (Phase.Unknown, 0);
        }

        var confidence = max / (score.Sum() + 1);
        return ((Phase)best, Math.Round(confidence, 3));
    }

    /// <summary>True when ContrastBolusAgent names an agent (not empty, NONE, NO, N/A or -).</summary>
    public static bool HasContrastAgent(string? agent) => !string.IsNullOrWhiteSpace(agent) && !NoAgent().IsMatch(agent.Trim());

    /// <summary>The phase a SeriesDescription names, or null. Checks the more specific patterns first.</summary>
    public static Phase? DescriptionPhase(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        var d = description.ToUpperInvariant();
        if (ApPattern().IsMatch(d))
        {
            return Phase.AP;
        }

        if (VpPattern().IsMatch(d))
        {
            return Phase.VP;
        }

        if (DpPattern().IsMatch(d))
        {
            return Phase.DP;
        }

        if (NcPattern().IsMatch(d))
        {
            return Phase.NC;
        }

        return null;
    }

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };

    [GeneratedRegex(@"(^|[^A-Z])(ART|ARTERIAL|ARTERIELL|AP|HAP|LAP|EAP)([^A-Z]|$)")]
    private static partial Regex ApPattern();

    [GeneratedRegex(@"(^|[^A-Z])(PV|PVP|PORTAL|VENOUS|VENOSE|PORTOVENOUS|VP)([^A-Z]|$)")]
    private static partial Regex VpPattern();

    [GeneratedRegex(@"(^|[^A-Z])(DELAY|DELAYED|DP|EQUIL|EQUILIBRIUM|LATE|TRANSITIONAL|SPAET)([^A-Z]|$)")]
    private static partial Regex DpPattern();

    [GeneratedRegex(@"(^|[^A-Z])(NC|PLAIN|NON[- ]?CON(TRAST)?|NONCON|W/?O|WO|PRE|PRECONTRAST|NATIVE|NATIV|UNENHANCED|NECT)([^A-Z]|$)")]
    private static partial Regex NcPattern();

    [GeneratedRegex(@"^(NONE|NO|N/A|-)$", RegexOptions.IgnoreCase)]
    private static partial Regex NoAgent();
}
