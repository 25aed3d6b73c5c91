using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Benchmarks;

/// <summary>One stage call as `bench pipeline` measured it: wall time, the process's CPU time over the call (all
/// threads: ONNX Runtime's pool, Parallel.For, the GC) and the time inside model runs, in milliseconds. The CPU time is
/// the stage's own only while one study is in flight, which is how the benchmark runs it.</summary>
public sealed record StageMeasurement(string StudyKey, StageName Stage, double WallMs, double CpuMs, double InferenceMs);
