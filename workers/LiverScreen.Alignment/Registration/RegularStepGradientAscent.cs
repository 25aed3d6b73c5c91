namespace LiverScreen.Alignment.Registration;

/// <summary>
/// Regular-step gradient ascent (ITK's RegularStepGradientDescent, maximising): move a fixed distance along the
/// normalised gradient; when the gradient turns back (negative dot product with the previous one) the step is
/// relaxed (with <c>maxNorm</c> the step is the largest single-parameter move). Parameters are divided by their scales so every step is measured in mm of displacement. Returns the
/// best parameters seen, so an oscillating last step cannot make the result worse.
/// </summary>
public static class RegularStepGradientAscent
{
    public delegate double Objective(double[] parameters, double[] gradient);

    public static (double[] Parameters, double Value, int Iterations) Maximise(
        Objective objective, double[] start, IReadOnlyList<double> scales, double initialStepMm, double minStepMm, int maxIterations, double relaxation = 0.5, bool maxNorm = false)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(scales);
        var n = start.Length;
        var p = (double[])start.Clone();
        var g = new double[n];
        var prev = new double[n];
        var best = (double[])p.Clone();
        var bestValue = double.NegativeInfinity;
        var step = initialStepMm;
        var it = 0;
        for (; it < maxIterations && step >= minStepMm; it++)
        {
            var value = objective(p, g);
            if (value > bestValue)
            {
                bestValue = value;
                Array.Copy(p, best, n);
            }

            // In mm-space q_j = p_j * scale_j the gradient is g_j / scale_j.
            double norm = 0, dot = 0;
            for (var j = 0; j < n; j++)
            {
                var gq = g[j] / scales[j];
                norm += gq * gq;
                dot += gq * prev[j];
                prev[j] = gq;
            }

            norm = Math.Sqrt(norm);
            if (maxNorm)
            {
                // High-dimensional models (B-spline coefficients): move the most-pulled parameter by one step, the
                // rest proportionally, instead of sharing one step among thousands of parameters.
                norm = 0;
                for (var j = 0; j < n; j++)
                {
                    norm = Math.Max(norm, Math.Abs(g[j] / scales[j]));
                }
            }

            if (norm < 1e-14)
            {
                break;
            }

            if (dot < 0)
            {
                step *= relaxation;
            }

            for (var j = 0; j < n; j++)
            {
                p[j] += step * (g[j] / scales[j]) / norm / scales[j];
            }
        }

        var final = objective(p, g);
        if (final > bestValue)
        {
            bestValue = final;
            Array.Copy(p, best, n);
        }

        return (best, bestValue, it);
    }
}
