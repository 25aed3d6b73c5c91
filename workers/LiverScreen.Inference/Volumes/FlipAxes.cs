namespace LiverScreen.Inference.Volumes;

/// <summary>
/// Test-time mirroring (as nnU-Net does): every combination of the chosen axes is run, including no flip, and the
/// un-flipped outputs are averaged. X | Y | Z means 8 passes per tile.
/// </summary>
[Flags]
public enum FlipAxes
{
    None = 0,
    X = 1,
    Y = 2,
    Z = 4,
}
