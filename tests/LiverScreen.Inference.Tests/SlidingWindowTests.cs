using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Inference.Cards;
using LiverScreen.Inference.Volumes;

namespace LiverScreen.Inference.Tests;

public sealed class SlidingWindowTests
{
    private static readonly SlidingWindowOptions Exact = new() { Storage = ProbabilityStorage.FullPrecision };

    private static (ModelCard Card, IInferenceSession Session) Open(string folder)
    {
        var card = ModelCards.Load(Path.Combine(folder, "model.json"));
        return (card, TestModels.Engine.CreateSession(Path.Combine(folder, "model.onnx"), TestModels.TwoThreads));
    }

    [Theory]
    [InlineData(100, 32, 0.5)]
    [InlineData(97, 16, 0.5)]
    [InlineData(33, 32, 0.25)]
    [InlineData(32, 32, 0.5)]
    public void Tiles_cover_the_axis_with_at_most_the_requested_step(int size, int patch, double overlap)
    {
        var starts = TileGrid.Starts(size, patch, overlap);

        Assert.Equal(0, starts[0]);
        Assert.Equal(size - patch, starts[^1]);
        for (var i = 1; i < starts.Length; i++)
        {
            Assert.InRange(starts[i] - starts[i - 1], 1, (int)Math.Ceiling(patch * (1 - overlap)));
        }
    }

    [Fact]
    public void Axis_smaller_than_a_tile_gets_one_centred_tile() => Assert.Equal(new[] { -3 }, TileGrid.Starts(10, 16, 0.5));

    [Fact]
    public void Volume_that_is_one_tile_equals_single_pass_output()
    {
        var (card, session) = Open(TestModels.TinySeg);
        using var _ = session;
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = Phantoms.Random(32, 32, 16, 1), [Phase.VP] = Phantoms.Random(32, 32, 16, 2) };

        var maps = SlidingWindowInference.Run(session, card, phases, Exact);
        var single = session.Run([Phantoms.Input(card, phases, 0, 0, 0, 16, 32, 32)])[0].Data.Span;

        AssertSame(single, maps, 1e-6f);
    }

    [Fact]
    public void Volume_smaller_than_a_tile_equals_single_pass_of_the_padded_volume()
    {
        var (card, session) = Open(TestModels.TinySeg);
        using var _ = session;
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = Phantoms.Random(24, 20, 10, 3) };

        var maps = SlidingWindowInference.Run(session, card, phases, Exact);
        // One tile centred on the volume: starts at -(16-10)/2, -(32-20)/2, -(32-24)/2.
        var padded = session.Run([Phantoms.Input(card, phases, -3, -6, -4, 16, 32, 32)])[0].Data.Span;

        var classes = card.Classes.Count;
        for (var c = 0; c < classes; c++)
        {
            var plane = maps.FloatPlane(c);
            for (var z = 0; z < 10; z++)
            {
                for (var y = 0; y < 20; y++)
                {
                    for (var x = 0; x < 24; x++)
                    {
                        var expected = padded[(((((c * 16) + z + 3) * 32) + y + 6) * 32) + x + 4];
                        Assert.True(Math.Abs(plane[(((z * 20) + y) * 24) + x] - expected) < 1e-6f, $"class {c} at {x},{y},{z}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Stitched_tiles_of_a_context_free_model_equal_the_whole_volume_pass()
    {
        // The pointwise model has no spatial context, so every tile predicts a voxel identically: Gaussian-weighted
        // averaging over any tiling (odd sizes, overlap, batches of 3) must give back the single pass exactly.
        var (card, session) = Open(TestModels.Pointwise);
        using var _ = session;
        var phases = new Dictionary<Phase, Volume<float>>
        {
            [Phase.NC] = Phantoms.Random(37, 41, 19, 4),
            [Phase.AP] = Phantoms.Random(37, 41, 19, 5),
            [Phase.VP] = Phantoms.Random(37, 41, 19, 6),
        };

        var maps = SlidingWindowInference.Run(session, card, phases, Exact with { BatchSize = 3 });
        var whole = session.Run([Phantoms.Input(card, phases, 0, 0, 0, 19, 41, 37)])[0].Data.Span;

        AssertSame(whole, maps, 1e-5f);
    }

    [Fact]
    public void Flips_of_a_context_free_model_agree_and_report_no_uncertainty()
    {
        var (card, session) = Open(TestModels.Pointwise);
        using var _ = session;
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = Phantoms.Random(20, 18, 9, 7) };

        var plain = SlidingWindowInference.Run(session, card, phases, Exact);
        var flipped = SlidingWindowInference.Run(session, card, phases, Exact with { Flips = FlipAxes.X | FlipAxes.Y | FlipAxes.Z, BatchSize = 2 });

        Assert.Null(plain.Uncertainty);
        Assert.NotNull(flipped.Uncertainty);
        Assert.True(flipped.Uncertainty!.Data.Max() < 1e-10f);
        for (var c = 0; c < card.Classes.Count; c++)
        {
            Assert.True(MaxDiff(plain.FloatPlane(c), flipped.FloatPlane(c)) < 1e-5f);
        }
    }

    [Fact]
    public void Flips_of_a_model_with_spatial_context_show_disagreement_as_uncertainty()
    {
        var (card, session) = Open(TestModels.TinySeg);
        using var _ = session;
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = Phantoms.Random(32, 32, 16, 8) };

        var flipped = SlidingWindowInference.Run(session, card, phases, Exact with { Flips = FlipAxes.X });

        Assert.True(flipped.Uncertainty!.Data.Max() > 1e-4f);
    }

    [Fact]
    public void Quantised_storage_stays_within_half_a_step_and_keeps_the_labels()
    {
        var (card, session) = Open(TestModels.TinySeg);
        using var _ = session;
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = Phantoms.Random(40, 36, 20, 9), [Phase.DP] = Phantoms.Random(40, 36, 20, 10) };

        var exact = SlidingWindowInference.Run(session, card, phases, Exact);
        var compact = SlidingWindowInference.Run(session, card, phases, new SlidingWindowOptions());

        Assert.Equal(ProbabilityStorage.Quantized8, compact.Storage);
        Assert.Equal(exact.Labels.Data, compact.Labels.Data);
        for (var c = 0; c < card.Classes.Count; c++)
        {
            var q = compact.QuantizedPlane(c);
            var f = exact.FloatPlane(c);
            for (var i = 0; i < f.Length; i++)
            {
                Assert.True(Math.Abs((q[i] / 255f) - f[i]) <= (0.5f / 255f) + 1e-6f);
            }
        }

        Assert.True(compact.SizeInBytes * 3 < exact.SizeInBytes);
    }

    [Fact]
    public void Volume_off_the_working_spacing_is_refused_with_both_spacings()
    {
        var (card, session) = Open(TestModels.Pointwise);
        using var _ = session;
        var v = new Volume<float>(VolumeGeometry.Axial(new Size3(16, 16, 8), new Vec3(0.7, 0.7, 1.0), new Vec3(0, 0, 0)));

        var e = Assert.Throws<ArgumentException>(() => SlidingWindowInference.Run(session, card, new Dictionary<Phase, Volume<float>> { [Phase.NC] = v }));

        Assert.Contains("0.7 x 0.7 x 1 mm", e.Message, StringComparison.Ordinal);
        Assert.Contains("1.5 x 1.5 x 5 mm", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patches_equal_the_whole_volume_pass_and_masked_voxels_read_as_air()
    {
        var (card, session) = Open(TestModels.Pointwise);
        using var _ = session;
        var nc = Phantoms.Random(30, 30, 12, 11);
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = nc };
        var mask = new Volume<byte>(nc.Geometry);
        Array.Fill(mask.Data, (byte)1);
        mask[15, 15, 6] = 0;
        var air = nc.Clone();
        air[15, 15, 6] = -1000;
        var whole = session.Run([Phantoms.Input(card, new Dictionary<Phase, Volume<float>> { [Phase.NC] = air }, 0, 0, 0, 12, 30, 30)])[0].Data.Span;

        var patches = PatchBatchInference.Run(session, card, phases, mask, [new PatchCenter(15, 15, 6), new PatchCenter(8, 9, 4), new PatchCenter(0, 0, 0)], batchSize: 2);

        Assert.Equal(3, patches.Count);
        foreach (var patch in patches)
        {
            for (var z = 0; z < 12; z++)
            {
                for (var y = 0; y < 30; y++)
                {
                    for (var x = 0; x < 30; x++)
                    {
                        if (!patch.Contains(x, y, z))
                        {
                            continue;
                        }

                        for (var c = 0; c < card.Classes.Count; c++)
                        {
                            var expected = whole[(((((c * 12) + z) * 30) + y) * 30) + x];
                            Assert.True(Math.Abs(patch.Probability(c, x, y, z) - expected) < 1e-5f, $"patch at {patch.Center}, voxel {x},{y},{z}");
                        }
                    }
                }
            }
        }
    }

    private static void AssertSame(ReadOnlySpan<float> single, ProbabilityMaps maps, float tolerance)
    {
        var voxels = maps.Labels.Data.Length;
        for (var c = 0; c < maps.Classes.Count; c++)
        {
            var worst = MaxDiff(single.Slice(c * voxels, voxels), maps.FloatPlane(c));
            Assert.True(worst < tolerance, $"class {c}: largest difference {worst}");
        }

        for (var i = 0; i < voxels; i++)
        {
            var best = 0;
            for (var c = 1; c < maps.Classes.Count; c++)
            {
                if (single[(c * voxels) + i] > single[(best * voxels) + i])
                {
                    best = c;
                }
            }

            Assert.Equal(best, maps.Labels.Data[i]);
        }
    }

    private static float MaxDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var worst = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }

        return worst;
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(-3, -2, -1)]
    [InlineData(9, 5, 2)]
    public void Unflipped_fast_accumulation_is_bit_identical_to_the_general_one(int x0, int y0, int z0)
    {
        // A 4 x 6 x 21 tile over a 3 x 9 x 25 volume: clipped on every side for the off-centre starts, and 21 columns
        // leave a scalar tail after the SIMD lanes.
        const int Classes = 3, Pz = 4, Py = 6, Px = 21, Nx = 25, Ny = 9, Nz = 3;
        var random = new Random(11);
        var outputs = Enumerable.Range(0, Classes * Pz * Py * Px).Select(_ => random.NextSingle()).ToArray();
        var importance = Enumerable.Range(0, Pz * Py * Px).Select(_ => 0.01f + random.NextSingle()).ToArray();
        var slice = Nx * Ny;
        float[] Start(int n) => Enumerable.Range(0, n).Select(i => (i % 7) * 0.125f).ToArray();
        var (accA, weightA) = (Start(Classes * Pz * slice), Start(Pz * slice));
        var (accB, weightB) = (Start(Classes * Pz * slice), Start(Pz * slice));

        SlidingWindowInference.Accumulate(outputs, [FlipAxes.None], Classes, z0, y0, x0, Pz, Py, Px, Nx, Ny, Nz, importance, accA, weightA, null, new float[Classes]);
        SlidingWindowInference.AccumulateUnflipped(outputs, Classes, z0, y0, x0, Pz, Py, Px, Nx, Ny, Nz, importance, accB, weightB);

        Assert.Equal(accA, accB);
        Assert.Equal(weightA, weightB);
        Assert.NotEqual(Start(Pz * slice), weightB);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(-5, -2, -1)]
    [InlineData(14, 6, 2)]
    public void Packing_a_row_at_once_matches_the_mirrored_voxel_by_voxel_path(int x0, int y0, int z0)
    {
        // HU across and beyond the window, on a 23 x 9 x 4 grid; tiles of 3 x 5 x 19 clipped on every side for the
        // off-centre starts. The X-mirrored pack goes voxel by voxel; mirrored back it must equal the row-at-once pack.
        var card = new ModelCard
        {
            Channels = ["NC", "AP", "NC_present", "AP_present"],
            Normalization = new ModelCardNormalization { Kind = ModelCardNormalization.Window, MinHu = -200, MaxHu = 300 },
        };
        var geometry = VolumeGeometry.Axial(new Size3(23, 9, 4), new Vec3(1.5, 1.5, 5), Vec3.Zero);
        var random = new Random(5);
        var nc = new Volume<float>(geometry, Enumerable.Range(0, 23 * 9 * 4).Select(_ => (random.NextSingle() * 1400) - 700).ToArray());
        var packer = new ChannelPacker(card, new Dictionary<Phase, Volume<float>> { [Phase.NC] = nc }, mask: null);
        const int Pz = 3, Py = 5, Px = 19;
        var plain = new float[4 * Pz * Py * Px];
        var mirrored = new float[plain.Length];

        packer.Pack(plain, z0, y0, x0, Pz, Py, Px, FlipAxes.None);
        packer.Pack(mirrored, z0, y0, x0, Pz, Py, Px, FlipAxes.X);

        var back = new float[plain.Length];
        for (var row = 0; row < plain.Length / Px; row++)
        {
            for (var x = 0; x < Px; x++)
            {
                back[(row * Px) + x] = mirrored[(row * Px) + Px - 1 - x];
            }
        }

        Assert.Equal(back, plain);
        Assert.Contains(plain, v => v is > -1f and < 1f);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LR_position_runs_from_minus_one_at_the_bodys_right_edge_to_plus_one_at_its_left(bool columnsRunRight)
    {
        // Body (40 HU) in columns 4..16 of a 23-column grid, air elsewhere: centre column 10, half width 6.
        // Columns that run towards the patient's right (LPS x direction -1) swap the sign.
        var card = new ModelCard
        {
            Channels = ["NC", "NC_present", "LR_position"],
            Normalization = new ModelCardNormalization { Kind = ModelCardNormalization.Window, MinHu = -200, MaxHu = 400 },
        };
        var direction = columnsRunRight ? new Mat3(-1, 0, 0, 0, 1, 0, 0, 0, 1) : Mat3.Identity;
        var geometry = new VolumeGeometry(new Size3(23, 3, 2), new Vec3(1.5, 1.5, 5), Vec3.Zero, direction);
        var nc = new Volume<float>(geometry, Enumerable.Range(0, 23 * 3 * 2).Select(i => i % 23 is >= 4 and <= 16 ? 40f : -1000f).ToArray());
        var packer = new ChannelPacker(card, new Dictionary<Phase, Volume<float>> { [Phase.NC] = nc }, mask: null);
        const int Pz = 2, Py = 4, Px = 27;
        var tile = new float[3 * Pz * Py * Px];
        var mirrored = new float[tile.Length];

        packer.Pack(tile, z0: 0, y0: -1, x0: -2, Pz, Py, Px, FlipAxes.None);
        packer.Pack(mirrored, z0: 0, y0: -1, x0: -2, Pz, Py, Px, FlipAxes.X | FlipAxes.Y);

        var sign = columnsRunRight ? -1f : 1f;
        var lateral = tile.AsSpan(2 * Pz * Py * Px);
        Assert.Equal(-1f * sign, lateral[4 + 2], 5);    // column 4, the body's first
        Assert.Equal(0f, lateral[10 + 2], 5);           // column 10, its centre
        Assert.Equal(1f * sign, lateral[16 + 2], 5);    // column 16, its last
        Assert.Equal(-2f * sign, lateral[0], 5);        // column -2, padding: the line continues
        for (var row = 1; row < Pz * Py; row++)
        {
            Assert.Equal(lateral[..Px].ToArray(), lateral.Slice(row * Px, Px).ToArray()); // padded rows and slices too
        }

        var mirroredRow = mirrored.AsSpan(2 * Pz * Py * Px, Px).ToArray();
        Array.Reverse(mirroredRow);
        Assert.Equal(lateral[..Px].ToArray(), mirroredRow);
        Assert.Equal(1f, tile[(Pz * Py * Px) + 5]);     // NC_present still constant 1
    }
}
