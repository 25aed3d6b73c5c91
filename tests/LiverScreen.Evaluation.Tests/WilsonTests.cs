using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Tests;

public class WilsonTests
{
    // Published Wilson 95% intervals (e.g. Newcombe 1998, Table I; Brown, Cai & DasGupta 2001).
    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(81, 263, 0.2553, 0.3662)]
    [InlineData(15, 148, 0.0624, 0.1605)]
    public void Matches_published_intervals(int k, int n, double low, double high)
    {
        var (l, h) = Wilson.Interval(k, n);
        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Fact]
    public void Empty_denominator_has_no_value_and_bad_counts_are_rejected()
    {
        var p = new Proportion(0, 0);
        Assert.Null(p.Value);
        Assert.Null(p.CiLow);
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.Interval(11, 10));
    }
}
