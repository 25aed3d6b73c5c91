using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Align;

/// <summary>Registers the study's phases onto one reference grid and stores the resampled volumes and transforms.</summary>
public interface IAlignStage
{
    Task<AlignOutcome> AlignAsync(StudyIngested study, CancellationToken cancellationToken);
}
