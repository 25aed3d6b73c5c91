using System.Globalization;
using System.Xml.Linq;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Reports;
using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Tests;

public class AbstentionSvgTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static SettingReport Setting()
    {
        // Accuracy rises from 80/100 to 50/50 as the least confident studies are left out.
        var points = Enumerable.Range(0, 11).Select(i =>
        {
            var k = 100 - 5 * i;
            return new AbstentionPoint(k, k, 1 - k / 100.0, new Proportion(9, 10), new Proportion(k - 20 + i, k - 10), new Proportion(k - 20 + i * 2, k));
        }).ToList();
        return new SettingReport("screening", 100, new Proportion(2, 100), [], [], points);
    }

    [Fact]
    public void Draws_three_curves_over_eleven_points_with_the_synthetic_label_and_the_70_percent_mark()
    {
        var doc = XDocument.Parse(AbstentionSvg.Render(Setting()));
        var texts = doc.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Synthetic phantom results — not clinical performance", texts);
        Assert.Contains("Abstention curve, screening setting (100 studies)", texts);
        Assert.Contains("70%", texts);
        var lines = doc.Descendants(Svg + "polyline").ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(11, l.Attribute("points")!.Value.Split(' ').Length));
        Assert.Single(doc.Descendants(Svg + "polygon")); // accuracy's 95% band
        Assert.Equal("abstention-screening.svg", AbstentionSvg.FileName("screening"));
    }

    [Fact]
    public void Higher_accuracy_is_drawn_higher_and_k_runs_left_to_right_from_100_to_50()
    {
        var doc = XDocument.Parse(AbstentionSvg.Render(Setting()));
        var accuracy = doc.Descendants(Svg + "polyline").First(l => l.Attribute("stroke")!.Value == "#000");
        var xy = accuracy.Attribute("points")!.Value.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToList();
        Assert.True(xy[0][0] < xy[^1][0]);          // 100% on the left
        Assert.True(xy[0][1] > xy[^1][1]);          // 80% accuracy sits lower (larger y) than 100%
    }
}
