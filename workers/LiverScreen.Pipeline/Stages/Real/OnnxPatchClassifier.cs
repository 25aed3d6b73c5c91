using System.Diagnostics;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Inference;
using LiverScreen.Inference.Registry;

namespace LiverScreen.Pipeline.Stages.Real;

/// <summary>
/// The reclassifier M_recls (paper 002 Eq. 8) over an ONNX session: the detection core builds the liver-masked,
/// window-normalised patches (NCZYX, channels as the card lists them); this runs them in chunks and returns
/// batch x classes x Z x Y x X probabilities. <see cref="InferenceTime"/> sums the model calls.
/// </summary>
public sealed class OnnxPatchClassifier(LoadedModel model, int maxBatch = 8) : IPatchClassifier
{
    private readonly Stopwatch _watch = new();

    public IReadOnlyList<string> Classes => model.Card.Classes;

    public TimeSpan InferenceTime => _watch.Elapsed;

    public float[] Predict(PatchBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var inName = model.Card.Inputs[0].Name;
        var outName = model.Card.Outputs[0].Name;
        var pv = batch.PatchVoxels;
        var classes = model.Card.Classes.Count;
        var result = new float[checked(batch.Count * classes * pv)];
        for (var first = 0; first < batch.Count; first += maxBatch)
        {
            var n = Math.Min(maxBatch, batch.Count - first);
            var input = new NamedTensor(inName, batch.Data.AsMemory(first * batch.Channels * pv, n * batch.Channels * pv),
                [n, batch.Channels, batch.Size.Z, batch.Size.Y, batch.Size.X]);
            var output = new NamedTensor(outName, result.AsMemory(first * classes * pv, n * classes * pv),
                [n, classes, batch.Size.Z, batch.Size.Y, batch.Size.X]);
            _watch.Start();
            try
            {
                model.Session.Run([input], [output]);
            }
            finally
            {
                _watch.Stop();
            }
        }

        return result;
    }
}
