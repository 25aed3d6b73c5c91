namespace LiverScreen.Phantoms;

/// <summary>Cohort presets of `liverscreen synth` (issue 3).</summary>
public enum PhantomPreset
{
    /// <summary>NC only, low-dose noise, mostly normal livers, about 10% with a lesion, benign outnumbering malignant.</summary>
    Screening,

    /// <summary>NC + AP + VP, DP in about two thirds; most patients have lesions.</summary>
    Diagnosis,

    /// <summary>Each study is screening or diagnosis with equal probability.</summary>
    Mixed,
}
