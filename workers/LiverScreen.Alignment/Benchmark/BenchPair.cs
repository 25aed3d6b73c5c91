using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment.Benchmark;

/// <summary>One registration problem with ground truth: <see cref="Truth"/> maps reference points to the moving
/// phase (pull convention); TRE is measured at <see cref="Landmarks"/> (reference LPS mm, inside the liver).</summary>
public sealed record BenchPair(
    string Name,
    Phase ReferencePhase,
    Phase MovingPhase,
    Volume<short> Reference,
    Volume<short> Moving,
    ISpatialTransform Truth,
    IReadOnlyList<Vec3> Landmarks);
