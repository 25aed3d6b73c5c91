using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Reclassify;

/// <summary>Removes false positives and corrects lesion types (paper 002 Eq. 8-11); stores the lesion document and
/// returns the lesions for the results database.</summary>
public interface IReclassifyStage
{
    Task<ReclassifyOutcome> ReclassifyAsync(StudySegmented study, CancellationToken cancellationToken);
}
