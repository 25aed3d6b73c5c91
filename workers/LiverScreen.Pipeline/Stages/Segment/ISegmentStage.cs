using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Segment;

/// <summary>Runs the segmentation model and multi-sensitivity detection (paper 002 Eq. 3); stores probability maps and
/// candidates.</summary>
public interface ISegmentStage
{
    Task<SegmentOutcome> SegmentAsync(StudyAligned study, CancellationToken cancellationToken);
}
