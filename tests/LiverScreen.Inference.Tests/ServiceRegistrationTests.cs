using LiverScreen.Inference.Registry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiverScreen.Inference.Tests;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public void Registration_binds_the_inference_section_and_shares_one_registry()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inference:IntraOpThreads"] = "2",
            ["Inference:ExecutionProvider"] = "Cuda",
            ["Inference:FallbackToCpu"] = "true",
            ["Inference:ModelsDirectory"] = TestModels.Root,
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLiverScreenInference().BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<InferenceOptions>>().Value;
        var registry = provider.GetRequiredService<IModelRegistry>();

        Assert.Equal(2, options.IntraOpThreads);
        Assert.Equal(ExecutionProvider.Cuda, options.ExecutionProvider);
        Assert.Same(registry, provider.GetRequiredService<IModelRegistry>());
        // CUDA is configured but not obtainable here; FallbackToCpu lets the model load on CPU.
        Assert.Equal(ExecutionProvider.Cpu, registry.Load("pointwise").Session.ExecutionProvider);
    }

    [Fact]
    public void Invalid_options_fail_validation_naming_the_setting()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Inference:IntraOpThreads"] = "-3" }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLiverScreenInference().BuildServiceProvider();

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<InferenceOptions>>().Value);

        Assert.Contains("IntraOpThreads", e.Message, StringComparison.Ordinal);
    }
}
