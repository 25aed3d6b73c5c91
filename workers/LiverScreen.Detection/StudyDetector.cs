using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Matching;
using LiverScreen.Detection.Patient;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Detection.Typing;
using LiverScreen.Imaging;

namespace LiverScreen.Detection;

/// <summary>
/// Paper 002's cascade for one study, pure and synchronous: probabilities -&gt; Eq. 2-3 at the base and high operating
/// points -&gt; the largest liver component (<see cref="LiverComponent"/>) -&gt; no labels above the dome's waist
/// (<see cref="LiverDome"/>) -&gt; seg2det (Eq. 4-6) -&gt; reclassification (Eq. 8-11) -&gt; classifyPatient (Eq. 12) per variant -&gt; joint
/// decision. Phase volumes must be on the probabilities' grid (the reference grid after alignment).
/// </summary>
public static class StudyDetector
{
    public static StudyDetection Detect(
        ClassProbabilities probabilities,
        IReadOnlyDictionary<Phase, Volume<short>> phases,
        IPatchClassifier reclassifier,
        DetectionOptions? options = null,
        LesionTypingModel? typing = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(reclassifier);
        options ??= DetectionOptions.Default;

        var baseLabels = Labels(probabilities, options.Base.LesionScale, options);
        var highLabels = Labels(probabilities, options.High.LesionScale, options);
        // Where the liver ends under the diaphragm, read once on the base labels and applied to both points.
        var dome = LiverDome.WaistIndex(LiverDome.AreasSuperiorFirst(baseLabels), options.DomeWaistRatio);
        (baseLabels, highLabels) = (LiverDome.Trim(baseLabels, dome), LiverDome.Trim(highLabels, dome));
        var baseCandidates = Seg2Det.Detect(baseLabels, phases, options.Seg2Det);
        var highCandidates = Seg2Det.Detect(highLabels, phases, options.Seg2Det);

        // Base (IV-C3): the plain argmax's lesions, no reclassification; score = mean class probability over the lesion.
        var plain = baseCandidates
            .Select(l => new ReclassifiedLesion(l, l.Type, true, true, l.VolumeCc, MeanProbability(probabilities, l), 0, 0))
            .ToList();
        var baseVariant = new OperatingPointDetection(options.Base.Name, options.Base.LesionScale, false, plain, [],
            PatientClassifier.Classify(plain.Select(l => l.Lesion.Type)));

        var baseRecls = Variant(options.Base.Name + "+recls", options.Base.LesionScale,
            ReclassifyBounded(baseCandidates, baseLabels, phases, reclassifier, options, probabilities, typing));
        var highRecls = Variant(options.High.Name + "+recls", options.High.LesionScale,
            ReclassifyBounded(highCandidates, highLabels, phases, reclassifier, options, probabilities, typing));

        // Common set of IV-B2: High+ReCls lesions that overlap a Base+ReCls lesion (any type).
        var match = LesionMatcher.Match(highRecls.Kept.Select(k => k.Lesion).ToList(), baseRecls.Kept.Select(k => k.Lesion).ToList());
        var common = match.Predicted.Where(p => p.Outcome != MatchOutcome.FP).Select(p => p.Id).ToHashSet();

        return new StudyDetection(
            baseVariant,
            baseRecls,
            highRecls,
            new JointDecision(baseRecls.PatientClass, highRecls.PatientClass),
            LiverAssessment.Assess(baseLabels),
            common,
            probabilities.Geometry);
    }

    /// <summary>Eq. 2-3 at one operating point, then (by default) only the largest liver component.</summary>
    private static Volume<byte> Labels(ClassProbabilities probabilities, float lesionScale, DetectionOptions options)
    {
        var labels = MultiSensitivitySegmenter.Segment(probabilities, lesionScale);
        return options.KeepLargestLiverComponent ? LiverComponent.KeepLargest(labels) : labels;
    }

    /// <summary>
    /// Reclassification of the candidates that lie in the liver (<see cref="ReclassificationOptions.MaxOutsideRim"/>),
    /// with its cost bounded (<see cref="ReclassificationOptions.MaxCandidates"/>): when more candidates than that are
    /// small enough to reclassify, only those with the highest mean lesion probability are. Candidates beside the liver
    /// and those over the limit are discarded without a model call (Patches = 0). Candidates keep their own seeded
    /// augmentation, so the chosen ones get exactly the result they would get without either rule.
    /// </summary>
    private static IReadOnlyList<ReclassifiedLesion> ReclassifyBounded(
        IReadOnlyList<DetectedLesion> candidates, Volume<byte> labels, IReadOnlyDictionary<Phase, Volume<short>> phases,
        IPatchClassifier reclassifier, DetectionOptions options, ClassProbabilities probabilities, LesionTypingModel? typing)
    {
        var o = options.Reclassification;
        HashSet<int> beside = o.MaxOutsideRim >= 1 ? [] : candidates
            .Where(c => c.VolumeCc <= o.MaxLesionVolumeCc && LiverRim.OutsideFraction(c, labels) > o.MaxOutsideRim)
            .Select(c => c.Id)
            .ToHashSet();
        var eligible = candidates.Where(c => c.VolumeCc <= o.MaxLesionVolumeCc && !beside.Contains(c.Id)).ToList();
        var chosen = (o.MaxCandidates <= 0 || eligible.Count <= o.MaxCandidates ? eligible : eligible
                .Select(c => (Lesion: c, P: MeanProbability(probabilities, c)))
                .OrderByDescending(x => x.P).ThenBy(x => x.Lesion.Id)
                .Take(o.MaxCandidates)
                .Select(x => x.Lesion))
            .Select(c => c.Id)
            .ToHashSet();
        var run = candidates.Where(c => c.VolumeCc > o.MaxLesionVolumeCc || chosen.Contains(c.Id)).ToList();
        if (run.Count == candidates.Count)
        {
            return LesionReclassifier.Reclassify(candidates, labels, phases, reclassifier, o, options.Seed, typing);
        }

        var done = LesionReclassifier.Reclassify(run, labels, phases, reclassifier, o, options.Seed, typing).ToDictionary(r => r.Lesion.Id);
        return candidates
            .Select(c => done.TryGetValue(c.Id, out var r) ? r : new ReclassifiedLesion(c, c.Type, false, false, 0, 0, 0, 0) { BesideLiver = beside.Contains(c.Id) })
            .ToList();
    }

    private static OperatingPointDetection Variant(string name, float scale, IReadOnlyList<ReclassifiedLesion> all)
    {
        var kept = all.Where(l => l.Kept).ToList();
        var discarded = all.Where(l => !l.Kept).ToList();
        return new OperatingPointDetection(name, scale, true, kept, discarded, PatientClassifier.Classify(kept.Select(l => l.Lesion.Type)));
    }

    private static double MeanProbability(ClassProbabilities probabilities, DetectedLesion lesion)
    {
        var channel = probabilities.ChannelOf((byte)lesion.Type);
        if (channel < 0)
        {
            return 0;
        }

        var plane = probabilities.Plane(channel);
        double sum = 0;
        foreach (var v in lesion.VoxelIndices)
        {
            sum += plane[v];
        }

        return sum / lesion.VoxelIndices.Length;
    }
}
