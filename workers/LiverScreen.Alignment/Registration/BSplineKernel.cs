using System.Runtime.CompilerServices;

namespace LiverScreen.Alignment.Registration;

/// <summary>The cubic B-spline and its derivative: the Parzen window of Mattes' mutual information and the basis
/// of the free-form deformation.</summary>
public static class BSplineKernel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Cubic(double t)
    {
        t = Math.Abs(t);
        if (t < 1)
        {
            return (4 - 6 * t * t + 3 * t * t * t) / 6;
        }

        if (t < 2)
        {
            var u = 2 - t;
            return u * u * u / 6;
        }

        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double CubicDerivative(double t)
    {
        var s = Math.Sign(t);
        t = Math.Abs(t);
        if (t < 1)
        {
            return s * (-2 * t + 1.5 * t * t);
        }

        if (t < 2)
        {
            var u = 2 - t;
            return s * (-0.5 * u * u);
        }

        return 0;
    }

    /// <summary>The four uniform cubic B-spline weights for fractional position <paramref name="f"/> in [0,1):
    /// weights of control points floor-1 .. floor+2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Weights(double f, Span<double> w)
    {
        var f2 = f * f;
        var f3 = f2 * f;
        var g = 1 - f;
        w[0] = g * g * g / 6;
        w[1] = (3 * f3 - 6 * f2 + 4) / 6;
        w[2] = (-3 * f3 + 3 * f2 + 3 * f + 1) / 6;
        w[3] = f3 / 6;
    }

    /// <summary>Derivatives of <see cref="Weights"/> with respect to f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void WeightDerivatives(double f, Span<double> w)
    {
        var f2 = f * f;
        var g = 1 - f;
        w[0] = -g * g / 2;
        w[1] = (9 * f2 - 12 * f) / 6;
        w[2] = (-9 * f2 + 6 * f + 3) / 6;
        w[3] = f2 / 2;
    }
}
