using System.Globalization;
using System.Net;
using System.Text;

namespace LiverScreen.Pipeline.Reports;

/// <summary>A horizontal bar chart as inline SVG (no scripts, no external resources), with optional 95% interval
/// whiskers. Values are drawn to scale against the largest value (or the given maximum, e.g. 1 for rates).</summary>
public static class SvgBarChart
{
    private const int LabelWidth = 170;
    private const int BarArea = 360;
    private const int RowHeight = 24;

    public static string Render(string title, IReadOnlyList<(string Label, double Value, double? Lower, double? Upper, string Text)> bars, double? maximum = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var max = maximum ?? Math.Max(1e-9, bars.Count == 0 ? 1 : bars.Max(b => Math.Max(b.Value, b.Upper ?? 0)));
        var height = 30 + (Math.Max(1, bars.Count) * RowHeight);
        var width = LabelWidth + BarArea + 110;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" aria-label=\"{Esc(title)}\">");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"16\" font-size=\"14\" font-weight=\"bold\">{Esc(title)}</text>");
        if (bars.Count == 0)
        {
            sb.Append("<text x=\"0\" y=\"44\" font-size=\"12\" fill=\"#666\">none</text>");
        }

        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, lower, upper, text) = bars[i];
            var y = 28 + (i * RowHeight);
            var w = Scale(value, max);
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 6}\" y=\"{y + 14}\" font-size=\"12\" text-anchor=\"end\">{Esc(label)}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{w:0.#}\" height=\"{RowHeight - 8}\" fill=\"#3b6ea5\"><title>{Esc(label)}: {Esc(text)}</title></rect>");
            if (lower is not null && upper is not null)
            {
                var x1 = LabelWidth + Scale(lower.Value, max);
                var x2 = LabelWidth + Scale(upper.Value, max);
                var cy = y + (RowHeight / 2) - 1;
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.#}\" y1=\"{cy}\" x2=\"{x2:0.#}\" y2=\"{cy}\" stroke=\"#222\" stroke-width=\"1.5\"/>");
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x1:0.#}\" y1=\"{cy - 5}\" x2=\"{x1:0.#}\" y2=\"{cy + 5}\" stroke=\"#222\"/><line x1=\"{x2:0.#}\" y1=\"{cy - 5}\" x2=\"{x2:0.#}\" y2=\"{cy + 5}\" stroke=\"#222\"/>");
            }

            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + BarArea + 8}\" y=\"{y + 14}\" font-size=\"12\">{Esc(text)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }

    private static double Scale(double value, double max) => Math.Clamp(value / max, 0, 1) * BarArea;

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
