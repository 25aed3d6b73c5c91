using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Inference.Cards;

namespace LiverScreen.Inference.Tests;

/// <summary>Random HU volumes on the test cards' working grid, and an independent (slow, obvious) input builder.</summary>
internal static class Phantoms
{
    public static Volume<float> Random(int nx, int ny, int nz, int seed)
    {
        var rng = new Random(seed);
        var geometry = VolumeGeometry.Axial(new Size3(nx, ny, nz), new Vec3(1.5, 1.5, 5.0), new Vec3(-100, -120, 30));
        var v = new Volume<float>(geometry);
        for (var i = 0; i < v.Data.Length; i++)
        {
            v.Data[i] = rng.Next(-400, 600);
        }

        return v;
    }

    /// <summary>Input [1, C, pz, py, px] for the region starting at (x0, y0, z0), written straight from the card's definition.</summary>
    public static NamedTensor Input(ModelCard card, IReadOnlyDictionary<Phase, Volume<float>> phases, int z0, int y0, int x0, int pz, int py, int px)
    {
        var t = NamedTensor.Allocate(card.Inputs[0].Name, 1, card.Channels.Count, pz, py, px);
        var data = t.Data.Span;
        var size = phases.Values.First().Size;
        var i = 0;
        foreach (var name in card.Channels)
        {
            var presence = name.EndsWith("_present", StringComparison.Ordinal);
            var phase = Enum.Parse<Phase>(presence ? name[..^8] : name);
            var has = phases.TryGetValue(phase, out var vol);
            for (var z = z0; z < z0 + pz; z++)
            {
                for (var y = y0; y < y0 + py; y++)
                {
                    for (var x = x0; x < x0 + px; x++)
                    {
                        float value;
                        if (presence)
                        {
                            value = has ? 1 : 0;
                        }
                        else if (!has)
                        {
                            value = 0;
                        }
                        else
                        {
                            var inside = x >= 0 && y >= 0 && z >= 0 && x < size.X && y < size.Y && z < size.Z;
                            var hu = inside ? vol![x, y, z] : -1000f;
                            value = (float)((2 * (Math.Clamp(hu, card.Normalization.MinHu, card.Normalization.MaxHu) - card.Normalization.MinHu)
                                             / (card.Normalization.MaxHu - card.Normalization.MinHu)) - 1);
                        }

                        data[i++] = value;
                    }
                }
            }
        }

        return t;
    }
}
