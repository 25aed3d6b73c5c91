using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Inference.Volumes;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// Segment: the aligned phases that passed QA (HU on the model's working grid) through the "liver-seg" model by
/// sliding window (paper 002 Eq. 1). Stores the class probabilities compactly (<see cref="ProbabilityFile"/>,
/// <c>segment/probabilities.bin</c>) and the plain argmax labels (<c>segment/labels.lsvol</c>, the base operating
/// point's candidates); the multi-sensitivity argmax (Eq. 3) and seg2det run in reclassify on these probabilities.
/// Only the body's bounding box is tiled (<see cref="StageModelOptions.SegmentationCropToBody"/>): the rest of a
/// 512 x 512 field of view is air. <see cref="SegmentOutcome.InferenceTime"/> is the time inside the model's runs
/// (tiling, packing and Gaussian blending count as outside inference).
/// </summary>
public sealed class OnnxSegmentStage(IObjectStore store, StageModels models) : ISegmentStage
{
    public async Task<SegmentOutcome> SegmentAsync(StudyAligned study, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(study);
        var seg = models.Segmentation;
        var hu = await StageStore.GetVolumesAsync<Phase, short>(
            store, study.Phases.Where(p => p.Passed).Select(p => KeyValuePair.Create(p.Phase, p.VolumeKey)), cancellationToken);
        var phases = hu.AsParallel().ToDictionary(kv => kv.Key, kv => kv.Value.ToFloat());
        hu.Clear();

        if (!phases.ContainsKey(Phase.NC))
        {
            throw new StageFailureException("missing-nc", $"Study {study.StudyInstanceUid}: no aligned NC phase to segment.");
        }

        var o = models.Options;
        var maps = SlidingWindowInference.Run(seg.Session, seg.Card, phases, new SlidingWindowOptions
        {
            BatchSize = Math.Max(1, o.SegmentationBatchSize),
            Storage = ProbabilityStorage.Quantized8,
            Overlap = o.SegmentationOverlap,
            Flips = o.SegmentationFlips,
            CropThresholdHu = o.SegmentationCropToBody ? o.SegmentationBodyThresholdHu : null,
        });
        phases.Clear();

        var bytes = ProbabilityFile.Write(maps.Geometry, maps.Classes, maps.QuantizedPlane);
        var probabilitiesKey = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Segment, "probabilities.bin");
        await StageStore.PutBytesAsync(store, probabilitiesKey, bytes, cancellationToken);
        var labelsKey = StageKeys.ForStage(study.BatchId, study.StudyKey, StageName.Segment, "labels.lsvol");
        await StageStore.PutVolumeAsync(store, labelsKey, maps.Labels, cancellationToken);
        return new SegmentOutcome(probabilitiesKey, labelsKey, seg.Ref, maps.ModelTime);
    }
}
