using Microsoft.Extensions.DependencyInjection;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// A set of stage implementations in an assembly named by configuration (Pipeline:StageSetAssembly). Used only by
/// tests (tests/LiverScreen.Pipeline.TestStages: deterministic synthetic stages for the distributed failure tests);
/// production hosts leave the key unset and get the stages of <see cref="StageImplementations"/>.
/// </summary>
public interface IStageSet
{
    /// <summary>Registers IIngestStage ... ITriageStage; runs before the defaults, which are added with TryAdd.</summary>
    void Register(IServiceCollection services);
}
