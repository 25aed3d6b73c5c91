using LiverScreen.Inference;
using LiverScreen.Pipeline.Reports;
using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Real;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// WIRING POINT of the real stage algorithms: DICOM ingest (<see cref="DicomIngestStage"/>), phase alignment
/// (<see cref="PhaseAlignStage"/>), ONNX segmentation (<see cref="OnnxSegmentStage"/>), detection + reclassification
/// (<see cref="OnnxReclassifyStage"/>) and the result document (<see cref="ResultTriageStage"/>). Models come from
/// the "Models" section (<see cref="StageModelOptions"/>: liver-seg and lesion-recls by default) through the shared
/// <c>IModelRegistry</c>. Registrations made before this call win (TryAdd): the benchmark's orchestration-only stages
/// and tests use that. <see cref="UnwiredStage"/> remains for hosts that want to run without algorithms.
/// </summary>
public static class StageImplementations
{
    public static IServiceCollection AddDefaultStageImplementations(this IServiceCollection services)
    {
        services.AddOptions<StageModelOptions>().BindConfiguration(StageModelOptions.SectionName);
        services.AddLiverScreenInference();
        services.TryAddSingleton<StageModels>();
        services.TryAddSingleton<IIngestStage, DicomIngestStage>();
        services.TryAddSingleton<IAlignStage, PhaseAlignStage>();
        services.TryAddSingleton<ISegmentStage, OnnxSegmentStage>();
        services.TryAddSingleton<IReclassifyStage, OnnxReclassifyStage>();
        services.TryAddSingleton<ITriageStage, ResultTriageStage>();
        services.TryAddSingleton<IKeySliceRenderer, AlignedKeySliceRenderer>();
        return services;
    }

    /// <summary>The placeholder for every stage (a permanent "stage-not-wired" fault): for hosts and tests that exercise
    /// orchestration without the algorithms.</summary>
    public static IServiceCollection AddUnwiredStages(this IServiceCollection services)
    {
        services.TryAddSingleton<UnwiredStage>();
        services.TryAddSingleton<IIngestStage>(sp => sp.GetRequiredService<UnwiredStage>());
        services.TryAddSingleton<IAlignStage>(sp => sp.GetRequiredService<UnwiredStage>());
        services.TryAddSingleton<ISegmentStage>(sp => sp.GetRequiredService<UnwiredStage>());
        services.TryAddSingleton<IReclassifyStage>(sp => sp.GetRequiredService<UnwiredStage>());
        services.TryAddSingleton<ITriageStage>(sp => sp.GetRequiredService<UnwiredStage>());
        return services;
    }
}
