using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Data;

/// <summary>One lesion after reclassification, keyed (BatchId, StudyKey, Index): a rerun replaces, never adds.
/// Sizes in mm and ml; centre in LPS mm on the reference grid.</summary>
public sealed class LesionRecord
{
    public Guid BatchId { get; set; }
    public string StudyKey { get; set; } = "";
    public int Index { get; set; }
    public LesionType Type { get; set; }
    public double DiameterMm { get; set; }
    public double VolumeMl { get; set; }
    public double Confidence { get; set; }
    public double CenterX { get; set; }
    public double CenterY { get; set; }
    public double CenterZ { get; set; }
    public int? KeySlice { get; set; }
}
