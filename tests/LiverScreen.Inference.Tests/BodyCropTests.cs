using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Inference.Cards;
using LiverScreen.Inference.Volumes;

namespace LiverScreen.Inference.Tests;

/// <summary>Segmentation tiles only the body's bounding box; the air around it is background.</summary>
public sealed class BodyCropTests
{
    private static readonly SlidingWindowOptions Exact = new() { Storage = ProbabilityStorage.FullPrecision };

    /// <summary>A 40 x 36 x 9 volume of air (-1000 HU) with a random "body" in x 10..29, y 6..25 (all slices).</summary>
    private static Volume<float> AirWithBody(int seed)
    {
        var v = Phantoms.Random(40, 36, 9, seed);
        for (var z = 0; z < 9; z++)
        {
            for (var y = 0; y < 36; y++)
            {
                for (var x = 0; x < 40; x++)
                {
                    if (x < 10 || x > 29 || y < 6 || y > 25)
                    {
                        v[x, y, z] = -1000;
                    }
                }
            }
        }

        return v;
    }

    [Fact]
    public void The_body_box_is_the_extent_above_the_threshold_in_any_phase_grown_by_the_margin_and_clamped()
    {
        var nc = AirWithBody(1);
        var ap = new Volume<float>(nc.Geometry);
        ap.Data.AsSpan().Fill(-1000);
        ap[38, 2, 4] = 50; // a bright voxel only in AP widens the box to x 38 and y 2

        var (min, max) = BodyBox.Find([nc, ap], -500, 2);

        Assert.Equal(new Size3(8, 0, 0), min);
        Assert.Equal(new Size3(40, 28, 9), max);
    }

    [Fact]
    public void A_scan_without_body_gives_an_empty_box()
    {
        var v = new Volume<float>(Phantoms.Random(8, 8, 2, 1).Geometry);
        v.Data.AsSpan().Fill(-1000);
        var (min, max) = BodyBox.Find([v], -500, 3);
        Assert.True(max.X <= min.X);
    }

    [Fact]
    public void Crop_keeps_each_voxels_patient_position_and_value()
    {
        var v = AirWithBody(2);
        var crop = BodyBox.Crop(v, new Size3(10, 6, 2), new Size3(30, 26, 7));
        Assert.Equal(new Size3(20, 20, 5), crop.Size);
        Assert.Equal(v[13, 9, 4], crop[3, 3, 2]);
        var p = v.Geometry.IndexToLps(13, 9, 4);
        var q = crop.Geometry.IndexToLps(3, 3, 2);
        Assert.True((p - q).Length < 1e-9);
    }

    [Fact]
    public void Cropped_inference_equals_the_whole_field_of_view_inside_the_box_and_is_background_outside()
    {
        // The pointwise model has no spatial context: inside the box the crop must give back the whole-volume result.
        var card = ModelCards.Load(Path.Combine(TestModels.Pointwise, "model.json"));
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.Pointwise, "model.onnx"), TestModels.TwoThreads);
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = AirWithBody(3), [Phase.VP] = AirWithBody(4) };

        var whole = SlidingWindowInference.Run(session, card, phases, Exact);
        var cropped = SlidingWindowInference.Run(session, card, phases, Exact with { CropThresholdHu = -500, CropMarginVoxels = 1 });

        Assert.Equal(whole.Geometry, cropped.Geometry);
        Assert.Equal((new Size3(9, 5, 0), new Size3(31, 27, 9)), cropped.TiledBox);
        Assert.True(cropped.TilesRun > 0);
        var size = whole.Geometry.Size;
        var background = card.Classes.ToList().IndexOf("background");
        for (var z = 0; z < size.Z; z++)
        {
            for (var y = 0; y < size.Y; y++)
            {
                for (var x = 0; x < size.X; x++)
                {
                    var i = whole.Labels.Index(x, y, z);
                    var inside = x is >= 9 and < 31 && y is >= 5 and < 27;
                    for (var c = 0; c < card.Classes.Count; c++)
                    {
                        var expected = inside ? whole.FloatPlane(c)[i] : c == background ? 1f : 0f;
                        Assert.True(Math.Abs(cropped.FloatPlane(c)[i] - expected) < 1e-5f, $"class {c} at {x},{y},{z}");
                    }

                    Assert.Equal(inside ? whole.Labels.Data[i] : (byte)background, cropped.Labels.Data[i]);
                }
            }
        }
    }

    [Fact]
    public void Model_time_is_the_model_runs_only_and_tiles_are_counted()
    {
        var card = ModelCards.Load(Path.Combine(TestModels.TinySeg, "model.json"));
        using var session = TestModels.Engine.CreateSession(Path.Combine(TestModels.TinySeg, "model.onnx"), TestModels.TwoThreads);
        var phases = new Dictionary<Phase, Volume<float>> { [Phase.NC] = Phantoms.Random(40, 36, 20, 5) };
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var maps = SlidingWindowInference.Run(session, card, phases, Exact);

        clock.Stop();
        var tiles = TileGrid.Starts(20, card.PatchSize[0], card.Overlap).Length * TileGrid.Starts(36, card.PatchSize[1], card.Overlap).Length
            * TileGrid.Starts(40, card.PatchSize[2], card.Overlap).Length;
        Assert.Equal(tiles, maps.TilesRun);
        Assert.True(maps.ModelTime > TimeSpan.Zero);
        Assert.True(maps.ModelTime <= clock.Elapsed);
    }
}
