namespace LiverScreen.Phantoms.Anatomy;

/// <summary>Attenuation of every tissue in one phase of one study (HU), sampled from the ranges in imaging-facts.md.</summary>
internal sealed class PhaseLook
{
    public PhaseLook(float[] tissueHu, float liverBase, float liverTexture, float spleenHetero, LesionLook[] lesions)
    {
        TissueHu = tissueHu;
        LiverBase = liverBase;
        LiverTexture = liverTexture;
        SpleenHetero = spleenHetero;
        Lesions = lesions;
    }

    /// <summary>Mean HU per <see cref="Tissue"/> id (the liver entry includes steatosis).</summary>
    public float[] TissueHu { get; }

    /// <summary>The liver without steatosis: lesions (which hold no fat) are offsets from this.</summary>
    public float LiverBase { get; }

    /// <summary>Amplitude (HU) of the liver's heterogeneous texture.</summary>
    public float LiverTexture { get; }

    /// <summary>Amplitude (HU) of the spleen's heterogeneity (large in the arterial phase).</summary>
    public float SpleenHetero { get; }

    /// <summary>One look per lesion, indexed like the body model's lesions.</summary>
    public LesionLook[] Lesions { get; }
}
