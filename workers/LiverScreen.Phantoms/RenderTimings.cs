using System.Diagnostics;

namespace LiverScreen.Phantoms;

/// <summary>
/// Where <see cref="PhaseRenderer"/> spends its time, summed over threads (so the sections add up to about the CPU time,
/// not the wall time): set-up (volumes, noise bank), body points on the coarse lattice, the off-centre sub-slices of
/// the slice profile, the centre sub-slice (every voxel), noise + blur + clamp. Thread-safe; pass one instance to
/// several renders to accumulate. The benchmark prints it (dotnet-trace is not available on the project machine).
/// </summary>
public sealed class RenderTimings
{
    private long _setup;
    private long _lattice;
    private long _offCentre;
    private long _centre;
    private long _noiseBlur;

    public TimeSpan Setup => Span(_setup);

    public TimeSpan Lattice => Span(_lattice);

    public TimeSpan OffCentreSubSlices => Span(_offCentre);

    public TimeSpan CentreSubSlice => Span(_centre);

    public TimeSpan NoiseAndBlur => Span(_noiseBlur);

    internal enum Section
    {
        Setup,
        Lattice,
        OffCentre,
        Centre,
        NoiseBlur,
    }

    /// <summary>Adds the time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>) to a section and
    /// returns the current timestamp, so consecutive sections chain.</summary>
    internal long Lap(Section section, long start)
    {
        var now = Stopwatch.GetTimestamp();
        var ticks = now - start;
        switch (section)
        {
            case Section.Setup:
                Interlocked.Add(ref _setup, ticks);
                break;
            case Section.Lattice:
                Interlocked.Add(ref _lattice, ticks);
                break;
            case Section.OffCentre:
                Interlocked.Add(ref _offCentre, ticks);
                break;
            case Section.Centre:
                Interlocked.Add(ref _centre, ticks);
                break;
            default:
                Interlocked.Add(ref _noiseBlur, ticks);
                break;
        }

        return now;
    }

    private static TimeSpan Span(long ticks) => TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
}
