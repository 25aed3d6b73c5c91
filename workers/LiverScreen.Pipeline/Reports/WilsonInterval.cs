namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// 95% Wilson score interval for a binomial proportion k/n: centre (p + z²/2n)/(1 + z²/n), half-width
/// z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n), z = 1.959964. Unlike the normal approximation it stays inside [0, 1] and is
/// sensible for k = 0 or k = n, which small screening batches hit all the time.
/// </summary>
public readonly record struct WilsonInterval(double Lower, double Upper)
{
    public const double Z95 = 1.959963984540054;

    public static WilsonInterval Of(int successes, int trials, double z = Z95)
    {
        if (trials < 0 || successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), $"Need 0 <= successes ({successes}) <= trials ({trials}).");
        }

        if (trials == 0)
        {
            return new WilsonInterval(0, 1);
        }

        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n))) / denominator;
        return new WilsonInterval(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
