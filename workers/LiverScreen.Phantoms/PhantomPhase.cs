using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Phantoms.Motion;

namespace LiverScreen.Phantoms;

/// <summary>One acquired phase (one CT series) of a phantom study: its grid, exact motion and header values.</summary>
public sealed record PhantomPhase
{
    public required Phase Phase { get; init; }

    /// <summary>This series' voxel grid (patient coordinates of this phase).</summary>
    public required VolumeGeometry Grid { get; init; }

    /// <summary>Reference point to this phase's point (identity for the reference phase).</summary>
    public required PhaseMotion Motion { get; init; }

    public required string SeriesInstanceUid { get; init; }

    public required int SeriesNumber { get; init; }

    /// <summary>May be null (missing) or misleading on purpose.</summary>
    public string? SeriesDescription { get; init; }

    /// <summary>(0018,0010); null when absent.</summary>
    public string? ContrastBolusAgent { get; init; }

    /// <summary>Seconds after the start of injection (0 for NC).</summary>
    public required double SecondsAfterInjection { get; init; }

    /// <summary>AcquisitionTime as time of day.</summary>
    public required TimeSpan AcquisitionTime { get; init; }

    /// <summary>SliceThickness (mm); the slice spacing equals it.</summary>
    public required double SliceThicknessMm { get; init; }

    /// <summary>Target image noise standard deviation (HU) after blur.</summary>
    public required double NoiseHu { get; init; }

    /// <summary>In-plane Gaussian blur sigma (mm), the scanner's reconstruction kernel.</summary>
    public required double BlurMm { get; init; }

    /// <summary>Instance numbers run feet-to-head instead of head-to-feet.</summary>
    public required bool ReversedOrder { get; init; }

    /// <summary>Convolution kernel name written to (0018,1210).</summary>
    public required string Kernel { get; init; }
}
