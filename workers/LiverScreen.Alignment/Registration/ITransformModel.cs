using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Registration;

/// <summary>A parametric pull transform being optimised: maps sample points of the reference to the moving image,
/// and turns d(similarity)/d(moving point) per sample into d(similarity)/d(parameters).</summary>
public interface ITransformModel
{
    int ParameterCount { get; }

    /// <summary>Length of the per-thread gradient accumulator (may differ from the parameter count, e.g. rigid
    /// accumulates the 12 affine derivatives and applies the chain rule once in <see cref="Reduce"/>).</summary>
    int AccumulatorLength { get; }

    /// <summary>Millimetres of displacement one unit of each parameter causes, roughly: the optimiser works in mm.</summary>
    IReadOnlyList<double> Scales { get; }

    void SetParameters(ReadOnlySpan<double> parameters);

    Vec3 Map(int sample, Vec3 point);

    /// <summary>accumulator += (dT/dmu at the point)^T * weightedGradient.</summary>
    void Accumulate(int sample, Vec3 point, Vec3 weightedGradient, Span<double> accumulator);

    /// <summary>Turns the summed accumulator into the gradient over parameters.</summary>
    void Reduce(ReadOnlySpan<double> accumulator, Span<double> gradient);
}
