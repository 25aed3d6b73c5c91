namespace LiverScreen.Evaluation.Metrics;

/// <summary>The model variants of paper 002 Table IV.</summary>
public enum ModelVariant
{
    /// <summary>Eq. 3 factor 1, no reclassification.</summary>
    Base,
    BaseRecls,
    HighRecls,
    /// <summary>"Base+ReCls &amp; High+ReCls": counted only where the two agree (section V-B).</summary>
    Joint,
}
