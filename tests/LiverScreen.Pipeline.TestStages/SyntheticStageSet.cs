using LiverScreen.Pipeline.Hosting;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using Microsoft.Extensions.DependencyInjection;

namespace LiverScreen.Pipeline.TestStages;

/// <summary>Registers <see cref="SyntheticStages"/> for every stage (see the project file: test support only).</summary>
public sealed class SyntheticStageSet : IStageSet
{
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<SyntheticStages>();
        services.AddSingleton<IIngestStage>(sp => sp.GetRequiredService<SyntheticStages>());
        services.AddSingleton<IAlignStage>(sp => sp.GetRequiredService<SyntheticStages>());
        services.AddSingleton<ISegmentStage>(sp => sp.GetRequiredService<SyntheticStages>());
        services.AddSingleton<IReclassifyStage>(sp => sp.GetRequiredService<SyntheticStages>());
        services.AddSingleton<ITriageStage>(sp => sp.GetRequiredService<SyntheticStages>());
    }
}
