using System.Globalization;
using System.Text;
using LiverScreen.Evaluation.Metrics;
using LiverScreen.Evaluation.Statistics;

namespace LiverScreen.Evaluation.Reports;

/// <summary>
/// The abstention curve of one setting as a self-contained SVG (paper 001): sensitivity, specificity and accuracy of the
/// final decision on the most confident k% of studies, k from 100 (left) to 50 (right), with accuracy's Wilson 95% band
/// and the 70% point marked. The title carries the synthetic-phantom label, so the picture cannot be quoted without it.
/// </summary>
public static class AbstentionSvg
{
    private const double Width = 640;
    private const double Height = 400;
    private const double Left = 60;
    private const double Right = 150;
    private const double Top = 50;
    private const double Bottom = 50;

    public static string FileName(string setting) => $"abstention-{setting}.svg";

    public static string Render(SettingReport setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var points = setting.Abstention.OrderByDescending(a => a.KeepPercent).ToList();
        // The y range starts at a round 5% step below the lowest value or interval drawn, so small differences show.
        var lowest = points.SelectMany(p => new[] { p.Sensitivity.Value, p.Specificity.Value, p.Accuracy.Value, p.Accuracy.CiLow })
            .Where(v => v.HasValue).Select(v => v!.Value).DefaultIfEmpty(0.9).Min();
        var yMin = Math.Clamp(Math.Floor(lowest * 20) / 20 - 0.05, 0, 0.95);
        double X(int k) => Left + (100 - k) / 50.0 * (Width - Left - Right);
        double Y(double v) => Top + (1 - (v - yMin) / (1 - yMin)) * (Height - Top - Bottom);

        var sb = new StringBuilder();
        void Line(string s) => sb.AppendLine(s);
        Line(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">"));
        Line(F($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>"));
        Line(F($"<text x=\"{Left}\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Abstention curve, {Escape(setting.Setting)} setting ({setting.Studies} studies)</text>"));
        Line(F($"<text x=\"{Left}\" y=\"38\" fill=\"#b00\">Synthetic phantom results — not clinical performance</text>"));

        // Grid and axes.
        for (var v = Math.Ceiling(yMin * 20) / 20; v <= 1.0001; v += 0.05)
        {
            Line(F($"<line x1=\"{Left}\" y1=\"{Y(v):0.0}\" x2=\"{Width - Right}\" y2=\"{Y(v):0.0}\" stroke=\"#ddd\"/>"));
            Line(F($"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.0}\" text-anchor=\"end\">{v * 100:0}%</text>"));
        }

        for (var k = 100; k >= 50; k -= 10)
        {
            Line(F($"<text x=\"{X(k):0.0}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{k}%</text>"));
        }

        Line(F($"<text x=\"{(Left + Width - Right) / 2:0.0}\" y=\"{Height - 12}\" text-anchor=\"middle\">studies kept (most confident first)</text>"));
        Line(F($"<line x1=\"{X(70):0.0}\" y1=\"{Top}\" x2=\"{X(70):0.0}\" y2=\"{Height - Bottom}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>"));
        Line(F($"<text x=\"{X(70) + 4:0.0}\" y=\"{Top + 12}\" fill=\"#555\">70%</text>"));
        Line(F($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#333\"/>"));

        // Accuracy's 95% band.
        var band = points.Where(p => p.Accuracy.CiLow.HasValue).ToList();
        if (band.Count > 1)
        {
            var upper = band.Select(p => F($"{X(p.KeepPercent):0.0},{Y(p.Accuracy.CiHigh!.Value):0.0}"));
            var lower = band.AsEnumerable().Reverse().Select(p => F($"{X(p.KeepPercent):0.0},{Y(p.Accuracy.CiLow!.Value):0.0}"));
            Line($"<polygon points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"#999\" fill-opacity=\"0.25\" stroke=\"none\"/>");
        }

        var series = new (string Name, string Colour, Func<AbstentionPoint, Proportion> Get)[]
        {
            ("accuracy", "#000", p => p.Accuracy),
            ("sensitivity", "#c0392b", p => p.Sensitivity),
            ("specificity", "#2471a3", p => p.Specificity),
        };
        var legendY = Top + 10;
        foreach (var (name, colour, get) in series)
        {
            var pts = points.Where(p => get(p).Value.HasValue).Select(p => F($"{X(p.KeepPercent):0.0},{Y(get(p).Value!.Value):0.0}")).ToList();
            if (pts.Count > 0)
            {
                Line($"<polyline points=\"{string.Join(' ', pts)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"/>");
                foreach (var pt in pts)
                {
                    var xy = pt.Split(',');
                    Line($"<circle cx=\"{xy[0]}\" cy=\"{xy[1]}\" r=\"2.5\" fill=\"{colour}\"/>");
                }
            }

            Line(F($"<line x1=\"{Width - Right + 12}\" y1=\"{legendY}\" x2=\"{Width - Right + 32}\" y2=\"{legendY}\" stroke=\"{colour}\" stroke-width=\"2\"/>"));
            Line(F($"<text x=\"{Width - Right + 38}\" y=\"{legendY + 4}\">{name}</text>"));
            legendY += 18;
        }

        Line(F($"<rect x=\"{Width - Right + 12}\" y=\"{legendY - 6}\" width=\"20\" height=\"10\" fill=\"#999\" fill-opacity=\"0.25\"/>"));
        Line(F($"<text x=\"{Width - Right + 38}\" y=\"{legendY + 4}\">accuracy 95% CI</text>"));
        Line("</svg>");
        return sb.ToString();
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
