namespace LiverScreen.Contracts;

/// <summary>Contrast phase of a CT series (see shared/docs/imaging-facts.md). The numeric order is the
/// temporal order of a liver protocol and the channel order of the segmentation model (NC, AP, VP, DP).</summary>
public enum Phase
{
    /// <summary>Non-contrast (plain).</summary>
    NC = 0,
    /// <summary>Late arterial, 30-40 s after injection.</summary>
    AP = 1,
    /// <summary>Portal venous, 60-80 s.</summary>
    VP = 2,
    /// <summary>Delayed / equilibrium, 3-5 min.</summary>
    DP = 3,
    /// <summary>Could not be identified.</summary>
    Unknown = 99,
}
