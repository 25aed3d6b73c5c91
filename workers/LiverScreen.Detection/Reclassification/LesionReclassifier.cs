using LiverScreen.Contracts;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Detection.Typing;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Reclassification;

/// <summary>
/// Lesion reclassification of paper 002 (section III-B, Eq. 8-11). For every candidate up to
/// <see cref="ReclassificationOptions.MaxLesionVolumeCc"/>: K augmented liver-masked patches go through M_recls (Eq. 8,
/// Eq. 10); the reclassifier's lesion mask (argmax is a lesion type) and the candidate's mask are binarised and their
/// overlap volume taken per patch (Eq. 11); the candidate is kept when the patch average reaches
/// <see cref="ReclassificationOptions.MinOverlapCc"/> (and its mean overlap share reaches
/// <see cref="ReclassificationOptions.MinScore"/>, an extension), and gets the type with the most overlapping voxels summed over the
/// patches (volume-weighted voting, section V-C4). With a <see cref="LesionTypingModel"/> and a contrast phase, that vote
/// is fused with the candidate's enhancement pattern (<see cref="TypeFusion"/>, an extension). Larger candidates are
/// kept unchanged (IV-B1).
/// </summary>
public static class LesionReclassifier
{
    public static IReadOnlyList<ReclassifiedLesion> Reclassify(
        IReadOnlyList<DetectedLesion> candidates,
        Volume<byte> labels,
        IReadOnlyDictionary<Phase, Volume<short>> phases,
        IPatchClassifier classifier,
        ReclassificationOptions options,
        int seed,
        LesionTypingModel? typing = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(options);
        var channelLabels = classifier.Classes.Select(ClassProbabilities.LabelOf).ToArray();
        var voxelCc = labels.Geometry.VoxelVolumeMm3 / 1000.0;
        var pv = checked((int)options.PatchSize.VoxelCount);
        var result = new List<ReclassifiedLesion>(candidates.Count);
        IReadOnlyList<int>? liver = null;
        float[]? data = null;
        bool[]? masks = null;
        IReadOnlyDictionary<Phase, double>? liverMeanHu = null;
        var hasContrast = phases.Keys.Any(p => p != Phase.NC);
        foreach (var lesion in candidates)
        {
            if (lesion.VolumeCc > options.MaxLesionVolumeCc)
            {
                result.Add(new ReclassifiedLesion(lesion, lesion.Type, true, true, lesion.VolumeCc, 1.0, 0.0, 0));
                continue;
            }

            // One stream per candidate: the result of one lesion does not depend on which others were found.
            var random = new Random(unchecked(seed * 1_000_003 + lesion.Id));
            liver ??= PatchExtractor.LiverVoxels(labels);
            var plans = PatchExtractor.Plan(lesion, labels, options, random, liver);
            var k = plans.Count;
            // Extract overwrites every value of its patch and mask, so one pair of buffers serves every candidate (k is
            // the same for all of them in practice): a 4-patch batch is ~5 MB, and a fresh one per candidate was a
            // large-object allocation each time. The patches of a candidate are independent: extracted side by side.
            if (data is null || data.Length != k * PatchExtractor.Channels * pv)
            {
                data = new float[k * PatchExtractor.Channels * pv];
                masks = new bool[k * pv];
            }

            var (batchData, batchMasks) = (data, masks!);
            Parallel.For(0, k, i => PatchExtractor.Extract(lesion, plans[i], labels, phases, options,
                batchData.AsSpan(i * PatchExtractor.Channels * pv, PatchExtractor.Channels * pv), batchMasks.AsSpan(i * pv, pv)));

            var probs = classifier.Predict(new PatchBatch(data, k, PatchExtractor.Channels, options.PatchSize));
            var c = channelLabels.Length;
            if (probs.Length != k * c * pv)
            {
                throw new InvalidOperationException($"The reclassifier returned {probs.Length} values for {k} patches of {c} classes x {pv} voxels.");
            }

            var votes = new long[SegmentationLabel.Count];
            var overlaps = new double[k];
            var ratios = new double[k];
            for (var i = 0; i < k; i++)
            {
                var mask = batchMasks.AsSpan(i * pv, pv);
                var p = probs.AsSpan(i * c * pv, c * pv);
                int inCandidate = 0, overlap = 0;
                for (var v = 0; v < pv; v++)
                {
                    if (!mask[v])
                    {
                        continue;
                    }

                    inCandidate++;
                    var label = ArgMaxLabel(p, v, pv, channelLabels);
                    if (SegmentationLabel.IsLesion(label))
                    {
                        overlap++;
                        votes[label]++;
                    }
                }

                overlaps[i] = overlap * voxelCc;
                ratios[i] = inCandidate == 0 ? 0 : (double)overlap / inCandidate;
            }

            var meanOverlap = overlaps.Average();
            var meanRatio = ratios.Average();
            var variance = ratios.Select(r => (r - meanRatio) * (r - meanRatio)).Average();
            var kept = meanOverlap >= options.MinOverlapCc && meanRatio >= options.MinScore;
            var voted = VotedType(votes);
            var type = voted ?? lesion.Type;

            // Typing reads enhancement, so it needs a contrast phase: on NC alone the typing model typed 2 of 4 validation
            // lesions right and turned a normal screening study malignant (docs/models.md, "Session 16").
            if (typing is not null && voted is not null && hasContrast)
            {
                liverMeanHu ??= EnhancementFeatures.LiverMeanHu(labels, phases);
                type = TypeFusion.Fuse(votes, typing.Predict(EnhancementFeatures.Compute(lesion, phases, liverMeanHu)), options.TypingEpsilon);
            }

            result.Add(new ReclassifiedLesion(lesion with { Type = type }, lesion.Type, kept, false, meanOverlap, meanRatio, variance, k));
        }

        return result;
    }

    /// <summary>The volume-weighted vote (section V-C4): the lesion type with the most voxel votes (indexed by
    /// <see cref="SegmentationLabel"/>), or null when no patch voxel voted a lesion. Strictly greater wins, so ties keep
    /// the higher-priority (lower id) type, the cautious choice (Eq. 12 order).</summary>
    public static LesionType? VotedType(ReadOnlySpan<long> votes)
    {
        LesionType? type = null;
        var bestVotes = 0L;
        for (var l = SegmentationLabel.Hcc; l <= SegmentationLabel.Cyst; l++)
        {
            if (votes[l] > bestVotes)
            {
                bestVotes = votes[l];
                type = (LesionType)l;
            }
        }

        return type;
    }

    private static byte ArgMaxLabel(ReadOnlySpan<float> probs, int voxel, int patchVoxels, byte[] channelLabels)
    {
        var best = float.NegativeInfinity;
        byte label = 0;
        for (var ch = 0; ch < channelLabels.Length; ch++)
        {
            var v = probs[ch * patchVoxels + voxel];
            if (v > best)
            {
                best = v;
                label = channelLabels[ch];
            }
        }

        return label;
    }
}
