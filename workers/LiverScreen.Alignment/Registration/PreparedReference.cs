using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Registration;

/// <summary>
/// Everything registration derives from the reference phase alone: its pyramid, body masks, the optimiser's sample
/// sets per level and the QA samples (all seeded, so identical to building them per registration).
/// </summary>
internal sealed class PreparedReference
{
    private PreparedReference(RegistrationOptions options, LevelImage[] levels, byte[][] masks, SampleSet[] samples, SampleSet qaSamples)
    {
        Options = options;
        Levels = levels;
        Masks = masks;
        Samples = samples;
        QaSamples = qaSamples;
    }

    public RegistrationOptions Options { get; }

    public LevelImage[] Levels { get; }

    public byte[][] Masks { get; }

    public SampleSet[] Samples { get; }

    public SampleSet QaSamples { get; }

    public static PreparedReference Prepare(Volume<float> reference, RegistrationOptions o)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(o);
        var levels = ImagePyramid.Build(reference, o.LevelSpacingMm, o.WindowMinHu, o.WindowMaxHu);
        var masks = levels.Select(f => BodyMask.Compute(f.Volume, o.MaskThresholdHu, o.RoiLps)).ToArray();
        var samples = new SampleSet[levels.Length];
        for (var l = 0; l < levels.Length; l++)
        {
            samples[l] = SampleSet.Draw(levels[l], masks[l], o.SamplesPerLevel[Math.Min(l, o.SamplesPerLevel.Count - 1)], o.Seed + l);
        }

        var qa = SampleSet.Draw(levels[^1], masks[^1], 20000, o.Seed + 1000);
        return new PreparedReference(o, levels, masks, samples, qa);
    }
}
