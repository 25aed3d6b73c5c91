using LiverScreen.Pipeline.Stages.Align;
using LiverScreen.Pipeline.Stages.Ingest;
using LiverScreen.Pipeline.Stages.Reclassify;
using LiverScreen.Pipeline.Stages.Segment;
using LiverScreen.Pipeline.Stages.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// WIRING POINT for the real stage algorithms (DICOM reader, alignment, ONNX segmentation + detection, reclassifier,
/// triage rules). Until each is registered here, <see cref="UnwiredStage"/> stands in and ends every study at that
/// stage with the permanent fault "stage-not-wired": honest, visible in the report, and never a fake result.
/// Registrations made before this call win (TryAdd).
/// </summary>
public static class StageImplementations
{
    public static IServiceCollection AddDefaultStageImplementations(this IServiceCollection services)
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
