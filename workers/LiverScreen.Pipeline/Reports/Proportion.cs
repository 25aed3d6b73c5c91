namespace LiverScreen.Pipeline.Reports;

/// <summary>k of n with its rate and 95% Wilson interval.</summary>
public sealed record Proportion(int Count, int Denominator, double Rate, double Lower95, double Upper95)
{
    public static Proportion Of(int count, int denominator)
    {
        var ci = WilsonInterval.Of(count, denominator);
        return new Proportion(count, denominator, denominator == 0 ? 0 : (double)count / denominator, ci.Lower, ci.Upper);
    }
}
