using System.Globalization;
using System.Text;

namespace LiverScreen.Pipeline.Reports;

/// <summary>RFC 4180 fields: quoted when they hold a comma, quote or line break; numbers in invariant culture.</summary>
public static class Csv
{
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // A leading =, +, - or @ makes spreadsheets run the cell as a formula: prefix a quote (OWASP CSV injection).
        if (value[0] is '=' or '+' or '@' || (value[0] == '-' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static string Field(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Field(double? value) => value is null ? "" : Field(value.Value);

    public static string Field(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Field(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    public static void Line(StringBuilder sb, params string[] fields)
    {
        ArgumentNullException.ThrowIfNull(sb);
        sb.Append(string.Join(',', fields)).Append("\r\n");
    }
}
