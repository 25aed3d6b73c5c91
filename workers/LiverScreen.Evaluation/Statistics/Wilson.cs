namespace LiverScreen.Evaluation.Statistics;

/// <summary>
/// Wilson score interval for a binomial proportion: centre (p + z^2/2n) / (1 + z^2/n), half-width
/// z * sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n). Unlike the normal approximation it stays inside [0, 1] and is sensible at
/// p = 0 or 1, which matters for sensitivities near 100% on small phantom cohorts.
/// </summary>
public static class Wilson
{
    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    public static (double Low, double High) Interval(int successes, int total, double z = Z95)
    {
        if (total <= 0)
        {
            return (double.NaN, double.NaN);
        }

        if (successes < 0 || successes > total)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"Must be within 0..{total}.");
        }

        var n = (double)total;
        var p = successes / n;
        var z2 = z * z;
        var denom = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denom;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
