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
        // The uniforms are drawn in one sequence (that order is the seed's contract: same seed, same bytes); the
        // Box-Muller transform (log, sqrt, cos, sin: most of the cost) then runs in parallel over row blocks.
        var rng = new Random(seed);
        var n = nx * ny;
        var pairs = (n + 1) / 2;
        var uniforms = new double[Tiles * pairs * 2];
        for (var i = 0; i < uniforms.Length; i += 2)
        {
            uniforms[i] = 1 - rng.NextDouble();
            uniforms[i + 1] = rng.NextDouble();
        }

        var tiles = new float[Tiles][];
        for (var t = 0; t < Tiles; t++)
        {
            tiles[t] = new float[n];
        }

        const int Block = 4096;
        var blocks = (pairs + Block - 1) / Block;
        Parallel.For(0, Tiles * blocks, b =>
        {
            var tile = tiles[b / blocks];
            var u = uniforms.AsSpan((b / blocks) * pairs * 2);
            var end = Math.Min(pairs, (b % blocks + 1) * Block);
            for (var k = (b % blocks) * Block; k < end; k++)
            {
                // Box-Muller: two independent normals per pair of uniforms.
                var r = Math.Sqrt(-2 * Math.Log(u[2 * k]));
                var a = 2 * Math.PI * u[2 * k + 1];
                tile[2 * k] = (float)(r * Math.Cos(a));
                if (2 * k + 1 < n)
                {
                    tile[2 * k + 1] = (float)(r * Math.Sin(a));
                }
            }
        });

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
