namespace LiverScreen.Evaluation.Targets;

/// <summary>Whether a measured number reaches its target. <see cref="NotAssessable"/>: nothing to measure (no cases in
/// the denominator, or every study already right so abstention cannot improve anything).</summary>
public enum TargetStatus
{
    Met,
    NotMet,
    NotAssessable,
}
