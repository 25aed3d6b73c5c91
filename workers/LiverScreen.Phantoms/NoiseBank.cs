namespace LiverScreen.Phantoms;

/// <summary>White Gaussian noise for a whole series drawn once: a few full-size tiles of N(0,1), each slice takes one
/// tile at a slice-dependent wrap-around offset. Deterministic for a seed and cheap per slice.</summary>
internal sealed class NoiseBank
{
    private const int Tiles = 4;
    private readonly float[][] _tiles;
    private readonly int _nx;
    private readonly int _ny;
    private readonly int _seed;

    private NoiseBank(float[][] tiles, int nx, int ny, int seed)
    {
        _tiles = tiles;
        _nx = nx;
        _ny = ny;
        _seed = seed;
    }

    public static NoiseBank Create(int seed, int nx, int ny)
    {
        var rng = new Random(seed);
        var tiles = new float[Tiles][];
        for (var t = 0; t < Tiles; t++)
        {
            var tile = new float[nx * ny];
            for (var i = 0; i < tile.Length; i += 2)
            {
                // Box-Muller: two independent normals per pair of uniforms.
                var u1 = 1 - rng.NextDouble();
                var u2 = rng.NextDouble();
                var r = Math.Sqrt(-2 * Math.Log(u1));
                tile[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
                if (i + 1 < tile.Length)
                {
                    tile[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
                }
            }

            tiles[t] = tile;
        }

        return new NoiseBank(tiles, nx, ny, seed);
    }

    public void AddTo(Span<float> slice, int z, float sigma)
    {
        var h = (uint)PhantomSampler.StudySeed(_seed, z);
        var tile = _tiles[h % Tiles];
        var ox = (int)((h >> 3) % (uint)_nx);
        var oy = (int)((h >> 13) % (uint)_ny);
        var flip = (h & 4) != 0;
        for (var y = 0; y < _ny; y++)
        {
            var src = tile.AsSpan(((y + oy) % _ny) * _nx, _nx);
            var dst = slice.Slice(y * _nx, _nx);
            // Wrap-around row: [ox..nx) then [0..ox), optionally mirrored.
            var first = _nx - ox;
            for (var x = 0; x < _nx; x++)
            {
                var xx = flip ? _nx - 1 - x : x;
                dst[x] += sigma * (xx < first ? src[xx + ox] : src[xx - first]);
            }
        }
    }
}
