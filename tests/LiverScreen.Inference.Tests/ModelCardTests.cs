using System.Text.Json.Nodes;
using LiverScreen.Inference.Cards;
using LiverScreen.Inference.Registry;

namespace LiverScreen.Inference.Tests;

public sealed class ModelCardTests
{
    [Fact]
    public void Committed_test_card_is_valid_and_describes_its_channels()
    {
        var card = ModelCards.Load(Path.Combine(TestModels.TinySeg, "model.json"));

        Assert.Equal("tiny-seg", card.Name);
        Assert.True(card.Synthetic);
        Assert.Equal(8, card.ChannelSpecs.Count);
        Assert.Equal(new ChannelSpec(Contracts.Phase.AP, ChannelKind.Presence), card.ChannelSpecs[5]);
        Assert.Equal(new Contracts.ModelRef("tiny-seg", "0.0.1-test", card.Sha256), card.Ref);
    }

    [Fact]
    public void Card_with_several_problems_lists_each_of_them()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestModels.TinySeg, "model.json")))!;
        json["format"] = "liverscreen-model-card/0";
        json["channels"]![0] = "PV";
        json["overlap"] = 1.5;

        var e = Assert.Throws<ModelCardException>(() => ModelCards.Parse(json.ToJsonString(), "x/model.json"));

        Assert.Equal(3, e.Problems.Count);
        Assert.Contains("x/model.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("PV", e.Message, StringComparison.Ordinal);
        Assert.Contains("overlap", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LR_position", true)]
    [InlineData("NC", true)]
    [InlineData("DP_present", true)]
    [InlineData("LR_position_present", false)]
    [InlineData("lr_position", false)]
    [InlineData("Unknown", false)]
    public void Channel_names_parse_to_images_flags_or_the_lateral_position(string name, bool valid)
    {
        Assert.Equal(valid, ChannelSpec.TryParse(name, out var spec));
        if (valid)
        {
            Assert.Equal(name, spec.ToString());
        }
    }

    [Fact]
    public void Registry_loads_the_matching_model_once_and_shares_the_session()
    {
        using var registry = new ModelRegistry(TestModels.Root, TestModels.Engine, TestModels.TwoThreads);

        Assert.Contains(registry.List(), m => m.Card.Name == "tiny-seg");
        var a = registry.Load("tiny-seg");
        var b = registry.Load("tiny-seg", "0.0.1-test");

        Assert.Same(a.Session, b.Session);
        Assert.Equal(a.Card.Sha256, ModelCards.ComputeSha256(Path.Combine(TestModels.TinySeg, "model.onnx")));
    }

    [Fact]
    public void Sha256_mismatch_refuses_the_model_and_names_both_hashes()
    {
        var dir = TestModels.CopyToTemp(TestModels.TinySeg);
        var card = Edit(dir, j => j["sha256"] = new string('0', 64));

        using var registry = new ModelRegistry(Path.GetDirectoryName(dir)!, TestModels.Engine, TestModels.TwoThreads);
        var e = Assert.Throws<ModelCardException>(() => registry.Load("tiny-seg"));

        Assert.Contains(new string('0', 64), e.Message, StringComparison.Ordinal);
        Assert.Contains(ModelCards.ComputeSha256(Path.Combine(dir, "model.onnx")), e.Message, StringComparison.Ordinal);
        Assert.Contains(card, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_name_mismatch_refuses_the_model_and_names_the_real_input()
    {
        var dir = TestModels.CopyToTemp(TestModels.TinySeg);
        Edit(dir, j => j["inputs"]![0]!["name"] = "ct");

        using var registry = new ModelRegistry(Path.GetDirectoryName(dir)!, TestModels.Engine, TestModels.TwoThreads);
        var e = Assert.Throws<ModelCardException>(() => registry.Load("tiny-seg"));

        Assert.Contains("input 'ct' is on the card but the model's inputs are: image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_shape_mismatch_refuses_the_model_and_shows_both_shapes()
    {
        var dir = TestModels.CopyToTemp(TestModels.TinySeg);
        Edit(dir, j =>
        {
            j["outputs"]![0]!["shape"] = new JsonArray(-1, 13, -1, -1, -1);
            j["classes"] = new JsonArray(Enumerable.Range(0, 13).Select(i => (JsonNode)JsonValue.Create($"c{i}")).ToArray());
        });

        using var registry = new ModelRegistry(Path.GetDirectoryName(dir)!, TestModels.Engine, TestModels.TwoThreads);
        var e = Assert.Throws<ModelCardException>(() => registry.Load("tiny-seg"));

        Assert.Contains("output 'probabilities' shape is [-1, 13, -1, -1, -1] on the card but [-1, 8, -1, -1, -1] in the model", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_model_or_version_names_what_exists()
    {
        using var registry = new ModelRegistry(TestModels.Root, TestModels.Engine, TestModels.TwoThreads);

        Assert.Contains("tiny-seg", Assert.Throws<KeyNotFoundException>(() => registry.Load("liver-seg")).Message, StringComparison.Ordinal);
        Assert.Contains("0.0.1-test", Assert.Throws<KeyNotFoundException>(() => registry.Load("tiny-seg", "9.9.9")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.10.0", "1.9.2")]
    [InlineData("1.0.0", "1.0.0-rc1")]
    [InlineData("2.0", "1.99.99")]
    public void Versions_order_numerically(string higher, string lower) =>
        Assert.True(VersionComparer.Instance.Compare(higher, lower) > 0);

    private static string Edit(string dir, Action<JsonNode> edit)
    {
        var path = Path.Combine(dir, "model.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }
}
