using LiverScreen.Alignment.Testing;
using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Benchmark;

/// <summary>Pairs of the synthetic abdomen generated in process: NC, AP and DP in turn registered onto VP, each with
/// a random rigid misalignment (up to <see cref="MaxTranslationMm"/> craniocaudal, <see cref="MaxRotationDeg"/> per
/// axis) plus two Gaussian breathing bumps of up to <see cref="BumpMm"/>. Seeded: the same pairs every run.</summary>
public sealed class SyntheticPairSource(int seed = 1, double maxTranslationMm = 20, double maxRotationDeg = 4, double bumpMm = 8, VolumeGeometry? grid = null) : IBenchPairSource
{
    public double MaxTranslationMm => maxTranslationMm;

    public double MaxRotationDeg => maxRotationDeg;

    public double BumpMm => bumpMm;

    public string Description => FormattableString.Invariant(
        $"synthetic abdomen pairs generated in process (seed {seed}; up to {maxTranslationMm} mm shift, {maxRotationDeg} deg rotation per axis, {bumpMm} mm breathing bumps; grid {(grid ?? SyntheticPair.DefaultGrid).Size} at {(grid ?? SyntheticPair.DefaultGrid).Spacing} mm)");

    public IEnumerable<BenchPair> Pairs(int count)
    {
        ReadOnlySpan<Phase> moving = [Phase.NC, Phase.AP, Phase.DP];
        var list = new List<(string, Phase, int)>();
        for (var i = 0; i < count; i++)
        {
            list.Add(($"synthetic-{i + 1:00}", moving[i % moving.Length], seed * 1000 + i));
        }

        foreach (var (name, phase, s) in list)
        {
            var motion = SyntheticPair.RandomMotion(s, maxTranslationMm, maxRotationDeg, bumpMm);
            var pair = SyntheticPair.Create(name, Phase.VP, phase, motion, s, grid);
            yield return new BenchPair($"{name} {phase} onto VP", Phase.VP, phase, pair.Reference, pair.Moving, motion, pair.Landmarks);
        }
    }
}
