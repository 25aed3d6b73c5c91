namespace LiverScreen.Detection.Reclassification;

/// <summary>
/// The reclassification model M_recls of paper 002 (section III-B, Eq. 8): per-voxel class probabilities for a batch of
/// liver-masked patches. Implementations wrap an ONNX session (LiverScreen.Inference) or, in tests, a hand-written rule.
/// </summary>
public interface IPatchClassifier
{
    /// <summary>The model card's class list ("background", "liver", "HCC" .. "Cyst" [, organs]).</summary>
    IReadOnlyList<string> Classes { get; }

    /// <summary>Probabilities, batch x classes x Z x Y x X (x fastest), for every patch of <paramref name="batch"/>. The
    /// caller reuses the batch's buffer for the next candidate once this returns: do not keep it.</summary>
    float[] Predict(PatchBatch batch);
}
