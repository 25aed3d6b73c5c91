using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Inference.Cards;

namespace LiverScreen.Inference.Volumes;

/// <summary>
/// Patch inference for the reclassifier (paper 002's second stage): one patch of the card's patch size centred on each
/// candidate, liver-masked (voxels outside the mask take the normalised window minimum, -1), run in batches.
/// </summary>
public static class PatchBatchInference
{
    /// <param name="liverMask">Nonzero inside the liver (e.g. labels 1-7 of the segmentation); null = no masking.</param>
    public static IReadOnlyList<PatchPrediction> Run(
        IInferenceSession session, ModelCard card, IReadOnlyDictionary<Phase, Volume<float>> phases, Volume<byte>? liverMask,
        IReadOnlyList<PatchCenter> centers, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(centers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (centers.Count == 0)
        {
            return [];
        }

        var packer = new ChannelPacker(card, phases, liverMask);
        var (pz, py, px) = (card.PatchSize[0], card.PatchSize[1], card.PatchSize[2]);
        var tile = pz * py * px;
        var cin = packer.Channels;
        var classes = card.Classes.Count;
        var batch = Math.Min(batchSize, centers.Count);
        using var input = new NativeTensorMemory(checked(batch * cin * tile));
        var results = new PatchPrediction[centers.Count];
        for (var first = 0; first < centers.Count; first += batch)
        {
            var n = Math.Min(batch, centers.Count - first);
            var span = input.GetSpan();
            for (var i = 0; i < n; i++)
            {
                var c = centers[first + i];
                packer.Pack(span.Slice(i * cin * tile, cin * tile), c.Z - (pz / 2), c.Y - (py / 2), c.X - (px / 2), pz, py, px, FlipAxes.None);
            }

            var output = new float[n * classes * tile];
            session.Run(
                [new NamedTensor(card.Inputs[0].Name, input.Memory[..(n * cin * tile)], [n, cin, pz, py, px])],
                [new NamedTensor(card.Outputs[0].Name, output, [n, classes, pz, py, px])]);
            for (var i = 0; i < n; i++)
            {
                var c = centers[first + i];
                results[first + i] = new PatchPrediction(c, c.X - (px / 2), c.Y - (py / 2), c.Z - (pz / 2), px, py, pz, card.Classes,
                    output.AsSpan(i * classes * tile, classes * tile).ToArray());
            }
        }

        return results;
    }
}
