using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Stages.Segment;

/// <summary><paramref name="InferenceTime"/> is the time spent inside the model run, so the benchmark can report the
/// share of stage time outside inference.</summary>
public sealed record SegmentOutcome(string ProbabilitiesKey, string CandidatesKey, ModelRef Model, TimeSpan InferenceTime);
