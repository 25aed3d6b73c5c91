namespace LiverScreen.Evaluation.Statistics;

/// <summary>k successes out of n with its Wilson score 95% interval; the value and interval are null when n = 0.</summary>
public sealed record Proportion(int Successes, int Total)
{
    public double? Value => Total == 0 ? null : (double)Successes / Total;

    public double? CiLow => Total == 0 ? null : Wilson.Interval(Successes, Total).Low;

    public double? CiHigh => Total == 0 ? null : Wilson.Interval(Successes, Total).High;
}
